// simonw/llm's logs.db: a table of conversations and one of responses (a prompt and its answer
// each). Its columns grew over the versions (system, input_tokens...), so each is looked up
// before use. The file is opened read-only: it is the user's llm history, never ours to write.
#include <ctime>
#include <map>
#include <set>

#include "conversation_title.h"
#include "import_support.h"
#include "sqlite.h"
#include "tinychat/conversation_io.h"

namespace tinychat {

namespace {

using store::Database;
using store::Statement;

std::set<std::string> columns_of(const Database& db, const std::string& table) {
  std::set<std::string> names;
  Statement info(db, "PRAGMA table_info(" + table + ")");
  while (info.step()) names.emplace(info.text(1));
  return names;
}

// "2023-07-11T18:32:58.163817" (llm writes UTC in ISO form; older versions a space for "T").
std::int64_t utc_ms(std::string_view text) {
  std::tm time{};
  int fraction_digits = 0;
  std::int64_t fraction = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%*c%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                  &second) != 6)
    return 0;
  if (const auto dot = copy.find('.', 17); dot != std::string::npos) {
    for (std::size_t i = dot + 1; i < copy.size() && std::isdigit(copy[i]) && fraction_digits < 3;
         ++i, ++fraction_digits)
      fraction = fraction * 10 + (copy[i] - '0');
  }
  while (fraction_digits++ < 3) fraction *= 10;
  time.tm_year = year - 1900;
  time.tm_mon = month - 1;
  time.tm_mday = day;
  time.tm_hour = hour;
  time.tm_min = minute;
  time.tm_sec = second;
  const std::time_t seconds = ::timegm(&time);
  return seconds <= 0 ? 0 : std::int64_t{seconds} * 1000 + fraction;
}

// One column of `responses` if this version of llm has it, else NULL.
std::string column_or_null(const std::set<std::string>& columns, const std::string& name) {
  return columns.contains(name) ? "r." + name : "NULL";
}

void read_all(const Database& db, std::vector<StoredConversation>& out) {
  std::set<std::string> tables;
  {
    Statement list(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    while (list.step()) tables.emplace(list.text(0));
  }
  if (!tables.contains("responses"))
    throw store::SqliteFailure(0, "it has no \"responses\" table: not a logs.db of llm");
  const std::set<std::string> columns = columns_of(db, "responses");
  for (const char* required : {"id", "prompt", "response"}) {
    if (!columns.contains(required))
      throw store::SqliteFailure(0, std::string("its responses table has no \"") + required +
                                        "\" column: not a logs.db of llm");
  }
  std::map<std::string, std::string> names;
  if (tables.contains("conversations") && columns_of(db, "conversations").contains("name")) {
    Statement list(db, "SELECT id, coalesce(name, '') FROM conversations");
    while (list.step()) names.emplace(list.text(0), list.text(1));
  }
  const std::string conversation = column_or_null(columns, "conversation_id");
  const std::string datetime = column_or_null(columns, "datetime_utc");
  Statement rows(
      db, "SELECT r.id, coalesce(" + column_or_null(columns, "model") +
              ", ''), coalesce(r.prompt, ''), coalesce(" + column_or_null(columns, "system") +
              ", ''), coalesce(r.response, ''), coalesce(" + conversation + ", ''), coalesce(" +
              datetime + ", ''), " + column_or_null(columns, "input_tokens") + ", " +
              column_or_null(columns, "output_tokens") + ", " +
              column_or_null(columns, "duration_ms") + " FROM responses r ORDER BY coalesce(" +
              conversation + ", r.id), " + datetime + ", r.rowid");
  std::map<std::string, std::size_t> index_of;  // llm's conversation id → out's position
  std::vector<StoredConversation> read;
  while (rows.step()) {
    const std::string response_id(rows.text(0));
    // A response outside any conversation (the oldest versions) is one of its own.
    std::string source(rows.text(5));
    if (source.empty()) source = "response/" + response_id;
    const std::int64_t time = utc_ms(rows.text(6));
    auto [position, added] = index_of.emplace(source, read.size());
    if (added) {
      StoredConversation& created = read.emplace_back();
      created.summary.id = store::derived_id(time, "llm/" + source);
      created.summary.created_ms = time;
      const auto name = names.find(source);
      created.summary.title = name != names.end() ? name->second : std::string();
    }
    StoredConversation& c = read[position->second];
    const std::string parent = c.messages.empty() ? std::string() : c.messages.back().id;
    StoredMessage& prompt = c.messages.emplace_back();
    prompt.id = store::derived_id(time, "llm/" + response_id + "/prompt");
    prompt.conversation_id = c.summary.id;
    prompt.parent_id = parent;
    prompt.role = Role::user;
    prompt.text = rows.text(2);
    prompt.sent_ms = time;
    if (c.summary.title.empty()) c.summary.title = store::title_from_prompt(prompt.text);
    // After this, `prompt` may have moved with the vector.
    StoredMessage& answer = c.messages.emplace_back();
    answer.id = store::derived_id(time, "llm/" + response_id + "/response");
    answer.conversation_id = c.summary.id;
    answer.parent_id = c.messages[c.messages.size() - 2].id;
    answer.role = Role::assistant;
    answer.text = rows.text(4);
    answer.provider = "llm";
    answer.model = rows.text(1);
    answer.system_prompt = rows.text(3);
    answer.sent_ms = time;
    if (!rows.is_null(7)) answer.usage.input_tokens = rows.integer(7);
    if (!rows.is_null(8)) answer.usage.output_tokens = rows.integer(8);
    if (!rows.is_null(9) && time > 0) answer.finished_ms = time + rows.integer(9);
    c.summary.updated_ms = std::max(c.summary.updated_ms, time);
    c.summary.current_leaf_id = answer.id;
  }
  for (StoredConversation& c : read) store::complete_summary(c);
  std::ranges::move(read, std::back_inserter(out));
}

}  // namespace

Error read_llm_logs(const std::filesystem::path& path, std::vector<StoredConversation>& out) {
  try {
    // SQLITE_OPEN_READONLY: not a byte of the user's file changes, and no journal is made.
    const Database db(path, SQLITE_OPEN_READONLY);
    std::vector<StoredConversation> read;
    read_all(db, read);
    std::ranges::move(read, std::back_inserter(out));
  } catch (const store::SqliteFailure& e) {
    return store::import_error(e.what());
  }
  return {};
}

}  // namespace tinychat
