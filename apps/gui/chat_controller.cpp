#include "chat_controller.h"

#include "tinychat/ca_certificates.h"
#include "tinychat/provider_registry.h"

namespace tinychat::gui {

// A model listing in flight; it holds the adapter that list_models borrows.
struct ChatController::Listing {
  std::shared_ptr<const Provider> provider;
  PendingModels pending;
};

ChatController::ChatController(GuiEnvironment environment, QObject* parent)
    : QObject(parent), environment_(std::move(environment)) {
  settings_error_ = load_settings(environment_.config_path, settings_);
  // One session for answers and model lists alike, so both trust the same authorities. An
  // unusable CA file is reported at start and the system's are used meanwhile.
  CurlSessionOptions http_options = environment_.http;
  ca_error_ = resolve_ca_certificates({}, settings_, environment_.env, environment_.config_path,
                                      http_options);
  http_ = std::make_shared<CurlSession>(http_options);
  ResolvedProvider resolved;
  if (!resolve_provider_ignoring_key(environment_.choice, settings_, environment_.env,
                                     environment_.config_path, resolved)) {
    selection_ = {resolved.config.name, resolved.model};
  } else {
    // An unknown -p: start on the default; check_selection() will not hide the mistake.
    selection_ = {environment_.choice.provider, environment_.choice.model};
  }
  if (!environment_.choice.base_url.empty()) base_url_provider_ = selection_.provider;
  chat_ = std::make_unique<ChatSession>(http_, nullptr, RequestOptions{});
}

ChatController::~ChatController() {
  feed_.reset();
  chat_.reset();  // cancels the reply and waits for its callbacks
  for (const auto& listing : listings_) listing->pending.cancel();
  for (const auto& listing : listings_) listing->pending.wait_for(std::chrono::seconds(10));
  listings_.clear();
  http_.reset();
}

ProviderChoice ChatController::choice_for(const std::string& provider,
                                          const std::string& model) const {
  // --base-url belongs to the provider it was given with, as on the command line.
  const std::string base_url =
      provider == base_url_provider_ ? environment_.choice.base_url : std::string();
  return {provider, model, base_url};
}

Error ChatController::check_selection(ResolvedProvider* out) const {
  ResolvedProvider resolved;
  Error error = resolve_provider(choice_for(selection_.provider, selection_.model), settings_,
                                 environment_.env, environment_.config_path, resolved);
  if (!error && out) *out = std::move(resolved);
  return error;
}

Error ChatController::send(const QString& text) {
  if (streaming()) {
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  }
  ResolvedProvider resolved;
  if (Error error = check_selection(&resolved)) return error;
  // Re-read for every message, so that a new key or temperature applies at once.
  chat_->set_provider(make_provider(resolved.config));
  chat_->set_options({resolved.model, settings_.system_prompt, settings_.temperature, {}});

  auto feed = std::make_shared<ReplyFeed>();
  feed_ = feed;
  chat_->set_retry_policy(retry_policy(feed));
  emit reply_started(text, QString::fromStdString(resolved.model));
  // The callbacks run on the HTTP thread and only post to this object, which outlives them:
  // the destructor and new_chat() wait for a reply's callbacks to end.
  auto on_deltas = [this, feed](std::span<const Delta> deltas) {
    if (feed->push(deltas)) {
      QMetaObject::invokeMethod(
          this, [this, feed] { drain(feed); }, Qt::QueuedConnection);
    }
  };
  auto on_done = [this, feed](const TurnResult& result) {
    QMetaObject::invokeMethod(
        this, [this, feed, result] { finish(feed, result); }, Qt::QueuedConnection);
  };
  reply_ = chat_->stream_response(text.toStdString(), std::move(on_deltas), std::move(on_done));
  return {};
}

RetryPolicy ChatController::retry_policy(const std::shared_ptr<ReplyFeed>& feed) {
  RetryPolicy policy;
  if (settings_.retries) policy.max_retries = *settings_.retries;
  // Runs on the HTTP thread, like the reply's other callbacks, and only posts to this object.
  policy.on_retry = [this, feed](const RetryNotice& notice) {
    QMetaObject::invokeMethod(
        this,
        [this, feed, text = QString::fromStdString(notice.message())] {
          if (feed == feed_) emit retrying(text);
        },
        Qt::QueuedConnection);
  };
  return policy;
}

void ChatController::drain(const std::shared_ptr<ReplyFeed>& feed) {
  if (feed != feed_) return;  // a reply that New Chat abandoned
  ReplyFeed::Batch batch = feed->take();
  if (!batch.reasoning.empty()) emit reasoning_arrived(QString::fromStdString(batch.reasoning));
  if (!batch.text.empty()) emit answer_arrived(QString::fromStdString(batch.text));
}

void ChatController::finish(const std::shared_ptr<ReplyFeed>& feed, const TurnResult& result) {
  if (feed != feed_) return;
  drain(feed);
  feed_.reset();
  reply_ = PendingReply();
  ReplyOutcome outcome;
  outcome.stopped = result.error.code == ErrorCode::cancelled;
  if (result.error && !outcome.stopped)
    outcome.error = QString::fromStdString(result.error.message);
  outcome.finish_reason = result.finish_reason;
  outcome.usage = result.usage;
  emit reply_finished(outcome);
}

void ChatController::stop() {
  if (streaming()) reply_.cancel();
}

void ChatController::new_chat() {
  feed_.reset();  // whatever the old reply still posts is ignored
  reply_ = PendingReply();
  chat_->clear();
}

Error ChatController::save_settings(const Settings& settings) {
  if (Error error = tinychat::save_settings(environment_.config_path, settings)) return error;
  settings_ = settings;
  settings_error_ = {};
  fetch_live_models();
  return {};
}

void ChatController::fetch_live_models() {
  for (const BuiltinProvider& builtin : builtin_providers())
    list_models_of(std::string(builtin.name));
  for (const EndpointSettings& endpoint : settings_.endpoints) list_models_of(endpoint.name);
}

void ChatController::list_models_of(const std::string& name) {
  ResolvedProvider resolved;
  // Without a key a provider's own service would only answer 401; a server of the user's own
  // (a custom base URL, an endpoint) may need none.
  if (resolve_provider(choice_for(name, ""), settings_, environment_.env, environment_.config_path,
                       resolved)) {
    return;
  }
  auto listing = std::make_unique<Listing>();
  listing->provider = make_provider(resolved.config);
  const Listing* key = listing.get();
  const QString provider_name = QString::fromStdString(name);
  listing->pending = list_models(
      *http_, *listing->provider, [this, key, provider_name](const ModelListResult& result) {
        QMetaObject::invokeMethod(
            this,
            [this, key, provider_name, result] {
              forget_listing(key);
              if (result.error) {
                if (result.error.code != ErrorCode::cancelled)
                  emit models_unavailable(provider_name,
                                          QString::fromStdString(result.error.message));
              } else {
                emit models_listed(provider_name, result.models);
              }
            },
            Qt::QueuedConnection);
      });
  listings_.push_back(std::move(listing));
}

void ChatController::forget_listing(const Listing* listing) {
  std::erase_if(listings_, [listing](const auto& held) { return held.get() == listing; });
}

}  // namespace tinychat::gui
