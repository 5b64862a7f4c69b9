#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli_options.h"
#include "tinychat/pricing.h"
#include "tinychat/store.h"

namespace tinychat::cli {

/// One-shot prompt: streams the answer to standard output. Returns the exit status.
int run_chat(const CliOptions& options);
/// `tinychat -m a -m b "prompt"` or --compare a,b: the prompt to every model at once, the
/// answers side by side (terminal), one after another (pipe) or as JSON Lines (--json), a
/// summary on standard error. Returns the exit status: 0 only when every answer completed.
int run_compare(const CliOptions& options);
/// The models to compare: every -m, then --compare's; fewer than two is no comparison.
std::vector<std::string> compared_models(const CliOptions& options);
/// `tinychat chat`: prompts typed (or piped) one after another. Returns the exit status.
int run_interactive_chat(const CliOptions& options);
/// `tinychat sse [FILE]`: one JSON object per dispatched event. Returns the exit status.
int run_sse(const std::string& file);
/// The hidden `--man` (shell "") and `--completions SHELL` (bash, zsh or fish): tinychat(1) or
/// the completion script on standard output, for the build to install.
int print_cli_docs(const std::string& shell);

/// What `tinychat models` was asked for.
struct ModelsOptions {
  std::string provider;  ///< "" for every provider and endpoint.
  std::string base_url;  ///< With `provider`: list that server's models instead.
};
/// `tinychat models [-p PROVIDER]`: each provider's models, tinychat's catalog and the live list
/// of each provider that has a key (or a server of the user's own). Returns the exit status.
int run_models(const ModelsOptions& options);

/// What `tinychat log` was asked for.
struct LogOptions {
  std::size_t limit = 20;  ///< -n
  std::string query;       ///< -q: full-text search instead of the recent list.
  bool json = false;
  bool cost = false;  ///< --cost: what each conversation's answers cost.
  std::string db;
};
/// `tinychat log [-n N] [-q TEXT] [--json] [--cost]`: recent conversations, or a search with
/// snippets.
int run_log(const LogOptions& options);

/// What `tinychat usage` was asked for.
struct UsageOptions {
  std::string since;  ///< --since YYYY-MM-DD; "": 30 days ago.
  bool json = false;
  std::string db;
};
/// `tinychat usage [--since DATE] [--json]`: tokens and cost by day and model from the store.
int run_usage(const UsageOptions& options);

/// The prices to use: the shipped table with the config file's "prices" over it.
PriceTable configured_prices();
/// What a conversation's answers cost: nothing when none was priced; `unpriced_answers` counts
/// those whose cost is unknown (no usage reported, or no price for their model).
struct ConversationCost {
  std::optional<double> usd;
  std::int64_t unpriced_answers = 0;
  /// "$0.012", "$0.012+?" when some answers are of unknown cost, "-" when none is known.
  std::string text() const;
};
ConversationCost conversation_cost(const Store& store, const std::string& conversation_id,
                                   const PriceTable& prices);

/// What `tinychat show` was asked for.
struct ShowOptions {
  std::string id;  ///< "" for the most recent conversation.
  std::string format = "text";
  std::string db;
};
/// `tinychat show [ID] [--format text|md|json]`: a conversation's current branch.
int run_show(const ShowOptions& options);

/// What `tinychat rm` was asked for.
struct RmOptions {
  std::string id;
  std::string db;
};
/// `tinychat rm ID`: removes a conversation and every message in it.
int run_rm(const RmOptions& options);

/// What `tinychat export` was asked for.
struct ExportOptions {
  std::string id;  ///< A conversation's id or a unique prefix of it; "" with `all`.
  bool all = false;
  std::string format = "json";  ///< json, md or txt.
  std::string output;           ///< -o FILE; "" for standard output.
  bool force = false;           ///< Replace an existing FILE.
  std::string db;               ///< --db FILE; "" for default_store_path.
};
/// `tinychat export ID|--all`: conversations as JSON (every branch), Markdown or text.
int run_export(const ExportOptions& options);

/// What `tinychat import` was asked for.
struct ImportOptions {
  std::vector<std::string> files;
  std::string db;  ///< --db FILE; "" for default_store_path.
};
/// `tinychat import FILE...`: tinychat's JSON, ChatGPT's conversations.json, llm's logs.db.
int run_import(const ImportOptions& options);

/// Exit statuses, as the help text documents them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitReplyFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

}  // namespace tinychat::cli
