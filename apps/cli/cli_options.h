#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tinychat::cli {

/// What the command line asked for.
struct CliOptions {
  std::string provider;
  std::string model;  ///< The first -m.
  /// Every -m, in order; two or more (or --compare) make it compare mode.
  std::vector<std::string> models;
  std::string compare;  ///< --compare a,b,c
  bool json = false;    ///< --json: compare mode's events as JSON Lines.
  std::string pick;     ///< --pick MODEL|N: with -c or --cid, continue from that sibling answer.
  std::string base_url;
  std::string system_prompt;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
  double connect_timeout_s = 15;
  double idle_timeout_s = 300;
  std::string cacert;  ///< --cacert: a CA file that wins over the variables and the config file.
  std::optional<int> retries;  ///< --retries; unset: the config file's, else 2.
  double max_time_s = 0;       ///< --max-time: the whole reply; 0: no limit.
  bool show_usage = false;
  bool hide_reasoning = false;
  bool raw = false;  ///< --raw: the answer as the model wrote it, even on a terminal.
  std::vector<std::string> prompt_words;

  // The conversation store.
  bool continue_last = false;   ///< -c: continue the most recent conversation.
  std::string conversation_id;  ///< --cid: continue this one (a unique prefix will do).
  std::string db;               ///< --db: the store's file; "": TINYCHAT_DB or the default.
  bool no_log = false;          ///< -n: record nothing this time.

  bool sse_command = false;
  std::string sse_file;  ///< "" or "-": standard input.
};

}  // namespace tinychat::cli
