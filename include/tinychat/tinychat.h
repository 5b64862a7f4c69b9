#pragma once

/// Everything libtinychat offers.
#include "tinychat/chat_session.h"
#include "tinychat/conversation.h"
#include "tinychat/curl_session.h"
#include "tinychat/delta.h"
#include "tinychat/error.h"
#include "tinychat/export.h"
#include "tinychat/http_types.h"
#include "tinychat/ndjson_framer.h"
#include "tinychat/provider.h"
#include "tinychat/provider_registry.h"
#include "tinychat/session.h"
#include "tinychat/settings.h"
#include "tinychat/sse_parser.h"
#include "tinychat/utf8_decoder.h"
#include "tinychat/version.h"
