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

// One ModelUsage per row of `sql` (its one parameter `key`): the day when `by_day`, provider,
// model, then the sums.
template <class Key>
std::vector<ModelUsage> usage_rows(Database& db, const std::string& sql, const Key& key,
                                   bool by_day) {
  Statement query(db, sql);
  query.bind(1, key);
  std::vector<ModelUsage> rows;
  while (query.step()) {
    ModelUsage row;
    int column = 0;
    if (by_day) row.day = query.text(column++);
    row.provider = query.text(column++);
    row.model = query.text(column++);
    read_sums(query, column, row);
    rows.push_back(std::move(row));
  }
  return rows;
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
    found = usage_rows(db, sql, since_ms, true);
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
    found = usage_rows(db, sql, conversation_id, false);
    return Error();
  });
  if (!error) out = std::move(found);
  return error;
}

}  // namespace tinychat
