#pragma once

#include <span>
#include <string>

#include "tinychat/conversation.h"
#include "tinychat/http_types.h"
#include "tinychat/provider.h"

namespace tinychat::providers {

/// Whether a stored message goes to the provider. An assistant turn with no content is a failed
/// reply: sending it would be rejected by some APIs and means nothing to the others. A partial
/// (interrupted) answer is sent as ordinary content; reasoning is never sent.
bool is_sendable(const Message& message);

/// The system prompt for APIs that take it apart from the messages (Anthropic, Gemini, Cohere
/// v1): the configured prompt, then any system messages of the history, joined by blank lines.
std::string combined_system_text(std::span<const Message> history, const RequestOptions& options);

/// A POST with the JSON content type and, for SSE framing, the event-stream Accept header.
HttpRequest json_post(std::string url, std::string body, Framing framing);

/// Adds "Authorization: Bearer KEY" (OpenAI, Mistral, Together, Cohere), or nothing when there
/// is no key: local servers (Ollama, llama.cpp) need none, and an empty "Bearer " would only
/// confuse them.
void add_bearer_key(HttpRequest& request, const std::string& api_key);

}  // namespace tinychat::providers
