#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/conversation.h"
#include "tinychat/error.h"
#include "tinychat/store.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// Files to import are read whole; none of the formats comes near this (a ChatGPT export of
/// years of use is tens of MiB).
inline constexpr std::size_t kMaxImportFileBytes = std::size_t{512} << 20;

/// One conversation as JSON, "tinychat.conversation" version 2: the version-1 fields the window
/// writes ("messages": role, content, reasoning?, interrupted? along the current branch), so
/// readers of version 1 keep working, plus the conversation's "id", "title", "created_ms",
/// "updated_ms", "current_leaf_id" and its whole "tree": every message of every branch, parents
/// first, with every stored field.
/// read_tinychat_json gives back exactly `conversation`. Invalid UTF-8 becomes U+FFFD.
TINYCHAT_API std::string export_conversation_json(const StoredConversation& conversation);

/// Several conversations as one JSON document: {"format": "tinychat.conversations",
/// "version": 2, "conversations": [...]}, each element what export_conversation_json writes.
TINYCHAT_API std::string export_conversations_json(
    const std::vector<StoredConversation>& conversations);

/// The messages from the first one down to the conversation's current leaf (the last message
/// when it has none): what export_markdown and export_text show.
TINYCHAT_API std::vector<StoredMessage> current_branch(const StoredConversation& conversation);
/// current_branch as a History, an unfinished answer marked interrupted.
TINYCHAT_API History current_history(const StoredConversation& conversation);

/// Reads tinychat's JSON: a conversation of version 2, a list of them, or the window's version 1
/// (a linear conversation; its ids are derived from its content, so importing it twice adds it
/// once). Appends to `out` only when the whole text reads; otherwise ErrorCode::invalid_argument
/// saying where (line and column) and what is wrong.
TINYCHAT_API Error read_tinychat_json(std::string_view text, std::vector<StoredConversation>& out);

/// Reads ChatGPT's data export (conversations.json): every branch of each conversation, its
/// current node as the current leaf. System, tool and hidden messages, and those with no text,
/// are left out. Ids are derived from ChatGPT's, so importing the file again adds nothing.
TINYCHAT_API Error read_chatgpt_export(std::string_view text, std::vector<StoredConversation>& out);

/// Reads the logs.db of simonw/llm, opened read-only (never written to): each of its
/// conversations, each response a prompt and its answer, in time order. Ids are derived from
/// llm's, so importing the file again adds nothing.
TINYCHAT_API Error read_llm_logs(const std::filesystem::path& path,
                                 std::vector<StoredConversation>& out);

/// Which format a file to import is in, told by its content.
enum class ImportFormat { tinychat, chatgpt, llm_logs };

/// Reads a file to import (at most kMaxImportFileBytes, a regular file: a FIFO is refused rather
/// than waited on), whatever its format. Errors name the file; nothing is appended on error.
TINYCHAT_API Error read_conversation_file(const std::filesystem::path& path,
                                          std::vector<StoredConversation>& out,
                                          ImportFormat* format = nullptr);

}  // namespace tinychat
