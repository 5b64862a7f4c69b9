#include "chat_compare.h"

#include "chat_interrupts.h"
#include "checked_output.h"
#include "commands.h"
#include "compare_turn.h"

namespace tinychat::cli {

int compare_in_chat(ChatContext& context, const std::shared_ptr<Session>& http,
                    const std::string& models, const std::string& prompt) {
  std::vector<Contender> contenders;
  std::vector<std::string> names;
  for (std::size_t at = models.find_first_not_of(" \t,"); at != std::string::npos;) {
    const std::size_t end = std::min(models.find_first_of(" \t,", at), models.size());
    const std::string name = models.substr(at, end - at);
    at = models.find_first_not_of(" \t,", end);
    // As /model and -m pick a provider: -p and --base-url from the command line still hold.
    ResolvedProvider resolved;
    if (Error error = resolve_provider({context.options.provider, name, context.options.base_url},
                                       context.setup.settings, context.setup.env,
                                       context.setup.config_path, resolved)) {
      report(error.message);
      return kExitUsage;
    }
    Contender contender;
    contender.model = name;
    contender.provider = resolved.config;
    contender.request = context.chat.options();
    contender.request.model = resolved.model;
    contender.retry = retry_policy(context.options, context.setup.settings);
    if (const ModelPrice* price = context.prices.find(resolved.model)) contender.price = *price;
    contenders.push_back(std::move(contender));
    names.push_back(name);
  }
  if (contenders.empty()) return kExitUsage;
  const History history = context.chat.history();
  std::unique_ptr<CompareView> view = make_compare_view(false, names);
  take_interrupt();  // A Ctrl-C before the answers began is not meant for them.
  const CompareOutcome outcome = compare_turn(http, contenders, history, prompt,
                                              context.recorder.get(), *view, take_interrupt);
  // The chat goes on from the first model's answer: the store's branch, or the history.
  if (context.recorder) {
    if (Error error = context.chat.record_to(context.recorder)) report(error.message);
  } else {
    History next = history;
    next.push_back({Role::user, prompt, "", false});
    const TurnResult& first = contenders.front().result;
    next.push_back({Role::assistant, first.text, first.reasoning, static_cast<bool>(first.error)});
    static_cast<void>(context.chat.set_history(std::move(next)));
  }
  if (outcome.output_status != kExitOk) return outcome.output_status;
  if (outcome.interrupted) return kExitOk;  // The chat goes on, as after any Ctrl-C.
  return outcome.all_completed ? kExitOk : kExitReplyFailed;
}

}  // namespace tinychat::cli
