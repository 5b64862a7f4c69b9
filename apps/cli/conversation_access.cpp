#include "conversation_access.h"

#include <vector>

#include "checked_output.h"
#include "tinychat/provider_registry.h"

namespace tinychat::cli {

std::filesystem::path store_file(const std::string& db_flag, const Environment& env) {
  return db_flag.empty() ? default_store_path(env) : std::filesystem::path(db_flag);
}

Error find_continuation(const CliOptions& options, const Environment& env, Continuation& out) {
  const std::filesystem::path file = store_file(options.db, env);
  if (Error error = Store::open(file, out.store)) return error;
  if (!options.conversation_id.empty()) {
    if (Error error = out.store->find_conversation(options.conversation_id, out.conversation))
      return error;
  } else {
    std::vector<ConversationSummary> recent;
    if (Error error = out.store->recent_conversations(1, recent)) return error;
    if (recent.empty()) {
      return Error(ErrorCode::invalid_argument, "no conversation to continue in " + file.string() +
                                                    " yet: start one without -c");
    }
    out.conversation = recent.front();
  }
  if (out.conversation.current_leaf_id.empty()) return {};
  std::vector<StoredMessage> branch;
  if (Error error = out.store->branch(out.conversation.current_leaf_id, branch)) return error;
  for (auto it = branch.rbegin(); it != branch.rend(); ++it) {
    if (it->role != Role::assistant || it->provider.empty()) continue;
    out.provider = it->provider;
    out.model = it->model;
    out.base_url = it->base_url;
    break;
  }
  return {};
}

ProviderChoice continuing_choice(const CliOptions& options, const Continuation& continuation) {
  ProviderChoice choice{options.provider, options.model, options.base_url};
  // -m alone may name another provider's model: then the provider follows the model.
  const bool same_provider = options.provider.empty() || options.provider == continuation.provider;
  if (options.provider.empty() && options.model.empty()) choice.provider = continuation.provider;
  if (options.model.empty() && same_provider) choice.model = continuation.model;
  // A server of the user's own (Ollama, llama.cpp) is part of what the conversation was with;
  // a provider's own service is found again the usual way.
  if (options.base_url.empty() && choice.provider == continuation.provider &&
      !continuation.base_url.empty() &&
      is_own_server(continuation.provider, continuation.base_url)) {
    choice.base_url = continuation.base_url;
  }
  return choice;
}

std::shared_ptr<ConversationRecorder> open_recorder_or_warn(std::shared_ptr<Store> store,
                                                            const std::filesystem::path& file,
                                                            const std::string& conversation_id,
                                                            const RecorderSetup& setup) {
  if (!store) {
    if (Error error = Store::open(file, store, setup.store)) {
      report("warning: " + error.message + "; the answer is not recorded");
      return nullptr;
    }
  }
  std::shared_ptr<ConversationRecorder> recorder;
  if (Error error = ConversationRecorder::open(store, conversation_id, recorder, setup.thread)) {
    report("warning: " + error.message + "; the answer is not recorded");
    return nullptr;
  }
  recorder->set_warning_handler(
      [](const Error& warning) { report("warning: " + warning.message); });
  return recorder;
}

}  // namespace tinychat::cli
