// The store's token counts, summed for what answers cost (`tinychat usage`, `tinychat log`).
#include <string>

#include "connection.h"
#include "tinychat/store.h"

namespace tinychat {

namespace {

using store::Database;
using store::Statement;

// An answer "reported" when both its input and output counts are known; only those are summed,
// so a sum is never mistaken for the cost of answers that said nothing.
constexpr const char* kSums =
    "SUM(input_tokens IS NOT NULL AND output_tokens IS NOT NULL), "
    "SUM(input_tokens IS NULL OR output_tokens IS NULL), "
    "TOTAL(CASE WHEN output_tokens IS NOT NULL THEN input_tokens END), "
    "TOTAL(CASE WHEN input_tokens IS NOT NULL THEN output_tokens END), "
    "TOTAL(CASE WHEN input_tokens IS NOT NULL AND output_tokens IS NOT NULL "
    "THEN reasoning_tokens END), "
    "TOTAL(CASE WHEN input_tokens IS NOT NULL AND output_tokens IS NOT NULL "
    "THEN cached_tokens END)";

// Columns from `first`: answers, unreported, input, output, reasoning, cached.
void read_sums(const Statement& query, int first, ModelUsage& out) {
  out.answers = query.integer(first);
  out.unreported = query.integer(first + 1);
  out.usage.input_tokens = static_cast<std::int64_t>(query.real(first + 2));
  out.usage.output_tokens = static_cast<std::int64_t>(query.real(first + 3));
  out.usage.reasoning_tokens = static_cast<std::int64_t>(query.real(first + 4));
  out.usage.cached_tokens = static_cast<std::int64_t>(query.real(first + 5));
}

}  // namespace

Error Store::usage_by_day(std::int64_t since_ms, std::vector<ModelUsage>& out) const {
  std::vector<ModelUsage> found;
  Error error = connection_->read([&](Database& db) {
    std::string sql =
        "SELECT date(sent_ms / 1000, 'unixepoch', 'localtime') AS day, provider, model, ";
    sql += kSums;
    sql +=
        " FROM messages WHERE role = 'assistant' AND sent_ms >= ? GROUP BY day, provider, model "
        "ORDER BY day, provider, model";
    Statement query(db, sql);
    query.bind(1, since_ms);
    while (query.step()) {
      ModelUsage row;
      row.day = query.text(0);
      row.provider = query.text(1);
      row.model = query.text(2);
      read_sums(query, 3, row);
      found.push_back(std::move(row));
    }
    return Error();
  });
  if (!error) out = std::move(found);
  return error;
}

Error Store::conversation_usage(std::string_view conversation_id,
                                std::vector<ModelUsage>& out) const {
  std::vector<ModelUsage> found;
  Error error = connection_->read([&](Database& db) {
    std::string sql = "SELECT provider, model, ";
    sql += kSums;
    sql +=
        " FROM messages WHERE role = 'assistant' AND conversation_id = ? "
        "GROUP BY provider, model ORDER BY provider, model";
    Statement query(db, sql);
    query.bind(1, conversation_id);
    while (query.step()) {
      ModelUsage row;
      row.provider = query.text(0);
      row.model = query.text(1);
      read_sums(query, 2, row);
      found.push_back(std::move(row));
    }
    return Error();
  });
  if (!error) out = std::move(found);
  return error;
}

}  // namespace tinychat
