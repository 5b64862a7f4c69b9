#include "chat_controller.h"

#include "compare_column.h"
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
  prices_ = prices_with(settings_.prices);
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
  open_store();
}

void ChatController::open_store() {
  const std::filesystem::path path = environment_.store_path.empty()
                                         ? default_store_path(environment_.env)
                                         : environment_.store_path;
  if (!settings_.log.value_or(true)) {
    store_error_ =
        Error(ErrorCode::invalid_argument, "Conversations are not recorded: \"log\" is false in " +
                                               environment_.config_path.string() + ".");
    return;
  }
  // A store that cannot be opened costs the record, never the chat: the window says why.
  if (Error error = Store::open(path, store_)) {
    store_error_ = std::move(error);
    store_.reset();
    return;
  }
  std::shared_ptr<ConversationRecorder> recorder;
  if (Error error = ConversationRecorder::open(store_, "", recorder)) {
    store_error_ = std::move(error);
    return;
  }
  bind(std::move(recorder));
}

Error ChatController::bind(std::shared_ptr<ConversationRecorder> recorder) {
  if (recorder != recorder_) {
    // Runs on the recorder's thread (or inside stream_response): it only posts.
    recorder->set_warning_handler([this](const Error& warning) {
      QMetaObject::invokeMethod(
          this,
          [this, message = QString::fromStdString(warning.message)] {
            emit store_warning(message);
          },
          Qt::QueuedConnection);
    });
  }
  if (Error error = chat_->record_to(recorder)) return error;
  recorder_ = std::move(recorder);
  return {};
}

ChatController::~ChatController() {
  abandon_compare();  // cancels the compared answers and waits for their callbacks
  feed_.reset();
  chat_.reset();  // cancels the reply and waits for its callbacks
  // Writes what is pending (the partial answer, interrupted) and stops the recorder's thread,
  // which must not post a warning to this object any more.
  if (recorder_) recorder_->set_warning_handler({});
  recorder_.reset();
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

ProviderStatus ChatController::provider_status(const std::string& provider) const {
  ProviderStatus status;
  const ProviderChoice choice = choice_for(provider, "");
  ResolvedProvider resolved;
  status.has_key =
      resolve_provider(choice, settings_, environment_.env, environment_.config_path, resolved)
          .code != ErrorCode::missing_key;
  if (!resolve_provider_ignoring_key(choice, settings_, environment_.env, environment_.config_path,
                                     resolved)) {
    status.own_server = is_own_server(provider, resolved.config.base_url);
  }
  return status;
}

Error ChatController::check_selection(ResolvedProvider* out) const {
  ResolvedProvider resolved;
  Error error = resolve_provider(choice_for(selection_.provider, selection_.model), settings_,
                                 environment_.env, environment_.config_path, resolved);
  if (!error && out) *out = std::move(resolved);
  return error;
}

Error ChatController::prepare_turn(std::string& model) {
  if (streaming()) {
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  }
  ResolvedProvider resolved;
  if (Error error = check_selection(&resolved)) return error;
  // Re-read for every message, so that a new key or temperature applies at once.
  chat_->set_provider(make_provider(resolved.config));
  chat_->set_options({resolved.model, settings_.system_prompt, settings_.temperature, max_tokens_});
  model = resolved.model;
  return {};
}

Error ChatController::send(const QString& text) {
  std::string model;
  if (Error error = prepare_turn(model)) return error;
  start_reply(text, model, [this, text](DeltaCallback on_deltas, TurnCallback on_done) {
    return chat_->stream_response(text.toStdString(), std::move(on_deltas), std::move(on_done));
  });
  return {};
}

void ChatController::start_reply(const QString& prompt, const std::string& model,
                                 const Starter& start) {
  auto feed = std::make_shared<ReplyFeed>();
  feed_ = feed;
  chat_->set_retry_policy(retry_policy(feed));
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
  const std::string leaf_before = recorder_ ? recorder_->current_leaf_id() : std::string();
  reply_ = start(std::move(on_deltas), std::move(on_done));
  // The prompt and the empty answer are in the store before the request goes out: their ids
  // give the window's per-message actions something to act on. Everything the reply posts is
  // queued behind this.
  reply_prompt_id_.clear();
  reply_answer_id_.clear();
  // (A loopback reply may have ended already: the answer's status can be anything.)
  if (recorder_ && recorder_->current_leaf_id() != leaf_before) {
    std::vector<StoredMessage> path;
    if (!store_->branch(recorder_->current_leaf_id(), path) && !path.empty() &&
        path.back().role == Role::assistant) {
      reply_answer_id_ = path.back().id;
      if (!prompt.isEmpty() && path.size() >= 2) reply_prompt_id_ = path[path.size() - 2].id;
    }
  }
  emit reply_started(prompt, QString::fromStdString(model));
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

ReplyOutcome reply_outcome(const TurnResult& result) {
  ReplyOutcome outcome;
  outcome.stopped = result.error.code == ErrorCode::cancelled;
  if (result.error && !outcome.stopped)
    outcome.error = QString::fromStdString(result.error.message);
  outcome.finish_reason = result.finish_reason;
  outcome.usage = result.usage;
  return outcome;
}

void ChatController::finish(const std::shared_ptr<ReplyFeed>& feed, const TurnResult& result) {
  if (feed != feed_) return;
  drain(feed);
  feed_.reset();
  reply_ = PendingReply();
  emit reply_finished(reply_outcome(result));
}

void ChatController::stop() {
  if (feed_) reply_.cancel();
  stop_compared();
}

void ChatController::abandon_reply() {
  feed_.reset();  // whatever the old reply still posts is ignored
  reply_ = PendingReply();
  reply_prompt_id_.clear();
  reply_answer_id_.clear();
}

void ChatController::new_chat() {
  abandon_reply();
  abandon_compare();
  chat_->clear();  // the recorder starts a new conversation with the next turn
}

std::string ChatController::conversation_id() const {
  return recorder_ ? recorder_->conversation_id() : std::string();
}

Error ChatController::open_conversation(const std::string& id) {
  if (!store_) return store_error_;
  abandon_reply();
  abandon_compare();
  chat_->clear();
  std::shared_ptr<ConversationRecorder> recorder;
  if (Error error = ConversationRecorder::open(store_, id, recorder)) return error;
  return bind(std::move(recorder));
}

Error ChatController::reload_conversation() {
  const std::string id = conversation_id();
  if (id.empty() || streaming()) return {};
  return open_conversation(id);
}

Error ChatController::regenerate(const std::string& answer_id) {
  if (!recorder_) return Error(ErrorCode::invalid_argument, "Conversations are not recorded.");
  std::string model;
  if (Error error = prepare_turn(model)) return error;
  const StoredMessage answer = stored_message(answer_id);
  if (answer.id.empty() || answer.parent_id.empty())
    return Error(ErrorCode::invalid_argument, "That answer is no longer in the store.");
  // The prompt becomes the current leaf: the new answer is its next child, a sibling.
  if (Error error = recorder_->checkout(answer.parent_id)) return error;
  if (Error error = bind(recorder_)) return error;
  start_reply({}, model, [this](DeltaCallback on_deltas, TurnCallback on_done) {
    return chat_->regenerate(std::move(on_deltas), std::move(on_done));
  });
  return {};
}

Error ChatController::edit(const std::string& prompt_id, const QString& text) {
  if (!recorder_) return Error(ErrorCode::invalid_argument, "Conversations are not recorded.");
  if (Error error = check_selection()) return error;
  if (streaming())
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  const StoredMessage prompt = stored_message(prompt_id);
  if (prompt.id.empty())
    return Error(ErrorCode::invalid_argument, "That prompt is no longer in the store.");
  // From where the old prompt was sent: the edited one becomes its sibling.
  if (Error error = recorder_->checkout(prompt.parent_id)) return error;
  if (Error error = bind(recorder_)) return error;
  return send(text);
}

Error ChatController::switch_to(const std::string& message_id) {
  if (!recorder_) return Error(ErrorCode::invalid_argument, "Conversations are not recorded.");
  if (streaming())
    return Error(ErrorCode::busy, "A reply is still streaming: stop it or wait for it.");
  StoredConversation conversation;
  if (Error error = store_->load_conversation(conversation_id(), conversation)) return error;
  // Down from the message, each time to the newest child: the latest turn of that branch.
  std::string leaf = message_id;
  for (bool descended = true; descended;) {
    descended = false;
    for (auto it = conversation.messages.rbegin(); it != conversation.messages.rend(); ++it) {
      if (it->parent_id == leaf) {
        leaf = it->id;
        descended = true;
        break;
      }
    }
  }
  if (Error error = recorder_->checkout(leaf)) return error;
  return bind(recorder_);
}

StoredMessage ChatController::stored_message(const std::string& id) const {
  if (!store_ || id.empty()) return {};
  if (recorder_) recorder_->flush();
  std::vector<StoredMessage> path;
  if (store_->branch(id, path) || path.empty()) return {};
  return path.back();
}

std::vector<StoredMessage> ChatController::current_branch() const {
  std::vector<StoredMessage> path;
  if (!recorder_) return path;
  recorder_->flush();
  const std::string leaf = recorder_->current_leaf_id();
  if (leaf.empty() || store_->branch(leaf, path)) path.clear();
  return path;
}

Error ChatController::save_settings(const Settings& settings) {
  if (Error error = tinychat::save_settings(environment_.config_path, settings)) return error;
  settings_ = settings;
  prices_ = prices_with(settings_.prices);
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
