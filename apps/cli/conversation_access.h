#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cli_options.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/settings.h"
#include "tinychat/store.h"

namespace tinychat::cli {

/// The conversation store's file for this run: --db, else TINYCHAT_DB, else
/// $XDG_DATA_HOME/tinychat/tinychat.db.
std::filesystem::path store_file(const std::string& db_flag, const Environment& env);

/// A stored conversation that a run continues (-c, --cid), and what wrote its latest answer.
struct Continuation {
  std::shared_ptr<Store> store;
  ConversationSummary conversation;
  std::string provider;  ///< Of the latest answer on the current branch; "" when none.
  std::string model;
  std::string base_url;
};

/// Finds the conversation -c (the most recent) or --cid (by id or a unique start of it) names.
/// An error when the store cannot be opened or there is nothing to continue.
Error find_continuation(const CliOptions& options, const Environment& env, Continuation& out);

/// The choice of provider, model and base URL for continuing `continuation`: its own, except
/// where -p, -m or --base-url say otherwise.
ProviderChoice continuing_choice(const CliOptions& options, const Continuation& continuation);

/// Opens the store (or reuses `store`) and a recorder for `conversation_id` ("" for a new
/// conversation). When the store cannot be opened or written, says so once on standard error
/// ("warning: ... the answer is not recorded") and returns null: the answer matters more.
std::shared_ptr<ConversationRecorder> open_recorder_or_warn(
    std::shared_ptr<Store> store, const std::filesystem::path& file,
    const std::string& conversation_id, CheckpointThread thread = CheckpointThread::own);

}  // namespace tinychat::cli
