#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sqlite.h"
#include "tinychat/store.h"

namespace tinychat::store {

/// The columns a message query selects (the table named `m`), in the order read_messages reads.
inline constexpr std::string_view kMessageColumns =
    "m.id, m.conversation_id, coalesce(m.parent_id, ''), m.role, m.text, m.reasoning, m.status, "
    "m.error, m.finish_reason, m.provider, m.model, m.base_url, m.system_prompt, m.temperature, "
    "m.input_tokens, m.output_tokens, m.reasoning_tokens, m.cached_tokens, m.sent_ms, "
    "m.first_token_ms, m.finished_ms, m.writer";

/// Every row of `query` (selecting kMessageColumns). An answer still streaming gets the text
/// checkpointed so far, and reads as interrupted when its writer is gone.
std::vector<StoredMessage> read_messages(Database& db, Statement& query);

/// The columns a conversation query selects (the table named `c`), in the order
/// read_summary reads, starting at column `first`.
inline constexpr std::string_view kSummaryColumns =
    "c.id, c.title, c.created_ms, c.updated_ms, coalesce(c.current_leaf_id, ''), "
    "coalesce((SELECT model FROM messages WHERE conversation_id = c.id AND role = 'assistant' "
    "ORDER BY id DESC LIMIT 1), ''), "
    "(SELECT count(*) FROM messages WHERE conversation_id = c.id AND role = 'user')";
ConversationSummary read_summary(const Statement& row, int first = 0);

/// What an answer whose writer is gone says as its error.
inline constexpr std::string_view kWriterGone =
    "tinychat stopped before the answer ended (killed, crashed or the machine went down)";

// Values the schema keeps as NULL: an unreported count (-1), an unknown time (0), no id ("").
std::optional<std::int64_t> count_or_null(std::int64_t count);
std::optional<std::int64_t> time_or_null(std::int64_t unix_ms);
std::optional<std::string_view> id_or_null(std::string_view id);

/// A role or status from its SQL text (to_string's). Unknown text reads as the most cautious
/// value.
Role role_from(std::string_view text);
MessageStatus status_from(std::string_view text);

}  // namespace tinychat::store
