// `tinychat log -q WORD` over a large store, measured on the real binary: a store of N
// conversations of M messages each is made by the real `tinychat` (the schema) and filled by
// SQL in one transaction; then, as wall time of the whole process (median of R runs):
//   - the first search, which indexes every message (what the first search after importing a
//     large history pays, once),
//   - a search for a rare word and for a common one, the index up to date,
//   - a search after a day's use: 200 new messages waiting to be indexed.
//
//   build/bench/store_search_bench [--conversations N] [--messages M] [--runs R] [--cli PATH]
//                                  [--keep]
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

struct Options {
  long conversations = 100'000;
  long messages_per_conversation = 10;
  int runs = 5;
  std::string cli = TINYCHAT_CLI_PATH;
  bool keep = false;  ///< Leave the store for a closer look.
};

// Runs the CLI with the bench's own store and returns its wall time in milliseconds, or -1.
double run_cli(const Options& options, const std::string& db, std::vector<std::string> args) {
  std::fflush(stdout);  // or the child would print the parent's unwritten lines again
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (std::FILE* null = std::freopen("/dev/null", "w", stdout); null == nullptr) std::_Exit(126);
    ::setenv("TINYCHAT_DB", db.c_str(), 1);
    args.insert(args.begin(), options.cli);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double median_ms(const Options& options, const std::string& db,
                 const std::vector<std::string>& args) {
  std::vector<double> times;
  for (int r = 0; r < options.runs; ++r) times.push_back(run_cli(options, db, args));
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

bool exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
  std::fprintf(stderr, "store_search_bench: %s\n", message ? message : "SQLite failed");
  sqlite3_free(message);
  return false;
}

// Messages of 12 words drawn from a vocabulary of 20,000 ("w0" ... "w19999"), spread so that
// "w7" is common and "rareword" appears in one message in 100,000. Ids are zero-padded numbers,
// ordered like real ids (time-ordered), and unique.
std::string fill_sql(long conversations, long per, long first_message) {
  const std::string n_messages = std::to_string(conversations * per);
  const std::string first = std::to_string(first_message);
  return "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " +
         n_messages +
         "), k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 11) "
         "INSERT INTO messages (id, conversation_id, parent_id, role, text, model, sent_ms) "
         "SELECT printf('m%015d', " +
         first + " + i), printf('c%015d', (" + first + " + i) / " + std::to_string(per) +
         "), CASE WHEN i % " + std::to_string(per) + " = 0 THEN NULL ELSE printf('m%015d', " +
         first +
         " + i - 1) END, CASE WHEN i % 2 = 0 THEN 'user' ELSE 'assistant' END, "
         "(SELECT group_concat(CASE WHEN (i + j) % 100000 = 5 AND j = 3 THEN 'rareword' "
         "ELSE 'w' || ((i * 7919 + j * 104729) % 20000) END, ' ') FROM k), "
         "CASE WHEN i % 2 = 0 THEN '' ELSE 'gpt-4o' END, 1700000000000 + " +
         first + " + i FROM n;";
}

std::string conversations_sql(long conversations, long per, long first_message) {
  const std::string first_conversation = std::to_string(first_message / per);
  return "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < " +
         std::to_string(conversations) +
         ") INSERT INTO conversations (id, title, created_ms, updated_ms, current_leaf_id) "
         "SELECT printf('c%015d', " +
         first_conversation + " + i), 'conversation ' || (" + first_conversation +
         " + i), 1700000000000 + i, 1700000000000 + i, printf('m%015d', (" + first_conversation +
         " + i) * " + std::to_string(per) + " + " + std::to_string(per - 1) + ") FROM c;";
}

bool fill(const std::string& path, long conversations, long per, long first_message) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "store_search_bench: cannot open %s\n", path.c_str());
    sqlite3_close(db);
    return false;
  }
  const bool ok = exec(db, "BEGIN IMMEDIATE") &&
                  exec(db, conversations_sql(conversations, per, first_message)) &&
                  exec(db, fill_sql(conversations, per, first_message)) && exec(db, "COMMIT");
  sqlite3_close(db);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--keep") {
      options.keep = true;
      continue;
    }
    if (i + 1 == argc) break;
    const char* value = argv[++i];
    if (flag == "--conversations") options.conversations = std::atol(value);
    if (flag == "--messages") options.messages_per_conversation = std::atol(value);
    if (flag == "--runs") options.runs = std::atoi(value);
    if (flag == "--cli") options.cli = value;
  }
  options.conversations = std::clamp(options.conversations, 1L, 10'000'000L);
  options.messages_per_conversation = std::clamp(options.messages_per_conversation, 1L, 1000L);
  options.runs = std::clamp(options.runs, 1, 100);

  const std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                       ("tinychat-search-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string db = (folder / "tinychat.db").string();

  // The real binary creates the store, so the schema is the one users get.
  if (run_cli(options, db, {"log"}) < 0) {
    std::fprintf(stderr, "store_search_bench: %s log failed\n", options.cli.c_str());
    return 1;
  }
  const long per = options.messages_per_conversation;
  const auto fill_start = std::chrono::steady_clock::now();
  if (!fill(db, options.conversations, per, 0)) return 1;
  std::printf("store: %ld conversations, %ld messages, filled in %.1f s\n", options.conversations,
              options.conversations * per,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_start).count());

  const double first = run_cli(options, db, {"log", "-q", "rareword"});
  std::printf("first search, indexing every message: %.0f ms\n", first);
  std::printf("tinychat log -q rareword: %.1f ms (median of %d)\n",
              median_ms(options, db, {"log", "-q", "rareword"}), options.runs);
  std::printf("tinychat log -q w7 (a common word, 20 newest hits): %.1f ms (median of %d)\n",
              median_ms(options, db, {"log", "-q", "w7"}), options.runs);

  // A day's use since the last search: 20 conversations of 10 messages wait to be indexed.
  if (!fill(db, 20, 10, options.conversations * per)) return 1;
  std::printf("tinychat log -q rareword with 200 new messages waiting: %.1f ms (one run)\n",
              run_cli(options, db, {"log", "-q", "rareword"}));

  if (options.keep) {
    std::printf("the store: %s\n", db.c_str());
  } else {
    std::filesystem::remove_all(folder);
  }
  return 0;
}
