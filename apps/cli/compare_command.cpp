// `tinychat -m a -m b -m c "prompt"` (or --compare a,b,c): one prompt to several models at once,
// every request on the one HTTP session's loop, so the answers take the time of the slowest,
// not the sum. The answers are stored as siblings of the one prompt.
#include <csignal>
#include <memory>

#include "chat_setup.h"
#include "checked_output.h"
#include "commands.h"
#include "compare_turn.h"
#include "prompt_input.h"
#include "tinychat/curl_session.h"

namespace tinychat::cli {

namespace {

volatile std::sig_atomic_t compare_interrupted = 0;

extern "C" void on_compare_interrupt(int) { compare_interrupted = 1; }

}  // namespace

std::vector<std::string> compared_models(const CliOptions& options) {
  std::vector<std::string> models = options.models;
  for (std::size_t at = 0; at < options.compare.size();) {
    const std::size_t comma = std::min(options.compare.find(',', at), options.compare.size());
    if (comma > at) models.push_back(options.compare.substr(at, comma - at));
    at = comma + 1;
  }
  return models;
}

int run_compare(const CliOptions& options) {
  const std::vector<std::string> models = compared_models(options);
  std::vector<Contender> contenders(models.size());
  ChatSetup first;
  for (std::size_t i = 0; i < models.size(); ++i) {
    CliOptions one = options;
    one.model = models[i];
    ChatSetup setup;
    if (const int status = prepare_chat(one, setup); status != kExitOk) return status;
    contenders[i].model = models[i];
    contenders[i].provider = setup.resolved.config;
    contenders[i].request = request_options(one, setup);
    contenders[i].retry = retry_policy(options, setup.settings);
    if (i == 0) first = std::move(setup);
  }
  // One config file, so one price table for every model.
  const PriceTable prices = prices_with(first.settings.prices);
  for (Contender& contender : contenders) {
    if (const ModelPrice* price = prices.find(contender.request.model)) contender.price = *price;
  }
  PromptInput prompt;
  if (const int status = read_one_shot_prompt(options, prompt); status != kExitOk) return status;

  // One session, one loop thread, for every model.
  auto http = std::make_shared<CurlSession>(first.http_options);
  const bool record = records(options, first);
  std::shared_ptr<ConversationRecorder> recorder = open_store_for_chat(options, first);
  if (!recorder && first.continuing) return kExitUsage;
  History history;
  if (recorder && first.continuing) {
    if (Error error = recorder->branch_history(history)) {
      report(error.message);
      return kExitUsage;
    }
  }
  std::unique_ptr<CompareView> view = make_compare_view(options.json, models);

  struct sigaction action {};
  action.sa_handler = on_compare_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  const CompareOutcome outcome =
      compare_turn(http, contenders, history, prompt.text, record ? recorder.get() : nullptr, *view,
                   [] { return compare_interrupted != 0; });
  if (outcome.interrupted) return kExitInterrupted;
  if (outcome.output_status != kExitOk) return outcome.output_status;
  return outcome.all_completed ? kExitOk : kExitReplyFailed;
}

}  // namespace tinychat::cli
