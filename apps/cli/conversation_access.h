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

/// How a recorder is opened: who writes its checkpoints, and the store's options (used only
/// when the store is opened for it).
struct RecorderSetup {
  CheckpointThread thread = CheckpointThread::own;
  StoreOptions store;
};

/// The one-shot prompt's recorder: it records one answer and exits. Its main thread only waits
/// for the answer, so it writes the checkpoints; a small page cache writes a long answer's pages
/// to the log as they fill and uses their memory again.
inline RecorderSetup one_shot_recorder() {
  RecorderSetup setup;
  setup.thread = CheckpointThread::caller;
  setup.store.cache_kib = 256;
  return setup;
}

/// Opens the store (or reuses `store`) and a recorder for `conversation_id` ("" for a new
/// conversation). When the store cannot be opened or written, says so once on standard error
/// ("warning: ... the answer is not recorded") and returns null: the answer matters more.
std::shared_ptr<ConversationRecorder> open_recorder_or_warn(std::shared_ptr<Store> store,
                                                            const std::filesystem::path& file,
                                                            const std::string& conversation_id,
                                                            const RecorderSetup& setup = {});

}  // namespace tinychat::cli
