#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "gui_environment.h"
#include "reply_feed.h"
#include "tinychat/chat_session.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/model_list.h"
#include "tinychat/pricing.h"
#include "tinychat/store.h"

namespace tinychat::gui {

/// The provider and model the next message goes to.
struct ModelChoice {
  std::string provider;  ///< A built-in provider's or a configured endpoint's name.
  std::string model;
  friend bool operator==(const ModelChoice&, const ModelChoice&) = default;
};

/// What the model picker says of a provider.
struct ProviderStatus {
  bool has_key = true;      ///< False: its models are marked, choosing one names the key.
  bool own_server = false;  ///< Reached through a base URL of the user's (llama.cpp, Ollama):
                            ///< its live list, not the cloud catalog, says what it serves.
};

/// How a reply ended, for the window.
struct ReplyOutcome {
  QString error;  ///< Empty unless the reply failed; the provider's message included.
  bool stopped = false;
  std::string finish_reason;
  Usage usage;
};

/// How `result` ended, for the window: stopped (cancelled), or the error, and what it reported.
ReplyOutcome reply_outcome(const TurnResult& result);

/// The window's link to libtinychat: one ChatSession over one CurlSession, the settings, the
/// live model lists, and the conversation store that every turn is recorded in. Everything it
/// signals reaches the GUI thread, in order, however the HTTP thread delivered it; a reply
/// abandoned by New Chat or Stop signals nothing late.
class ChatController : public QObject {
  Q_OBJECT

 public:
  explicit ChatController(GuiEnvironment environment, QObject* parent = nullptr);
  /// Cancels a reply still streaming and any model listing, and waits for their callbacks.
  ~ChatController() override;

  const Settings& settings() const { return settings_; }
  /// The shipped prices with the config file's "prices" over them: what an answer cost.
  const PriceTable& prices() const { return prices_; }
  /// Why the config file could not be read at start (its settings are then the defaults).
  const Error& settings_error() const { return settings_error_; }
  /// Why the CA certificates named by SSL_CERT_FILE, SSL_CERT_DIR, CURL_CA_BUNDLE or "ca_file"
  /// cannot be used (the system's are used instead).
  const Error& ca_error() const { return ca_error_; }
  const GuiEnvironment& environment() const { return environment_; }

  ModelChoice selection() const { return selection_; }
  /// The longest answer the next turns ask for, in tokens; none: the provider's default.
  void set_max_tokens(std::optional<int> max_tokens) { max_tokens_ = max_tokens; }
  void select(ModelChoice choice) { selection_ = std::move(choice); }
  ProviderStatus provider_status(const std::string& provider) const;
  /// Resolves the selection as a send would; the error says which key is missing, if one is.
  Error check_selection(ResolvedProvider* out = nullptr) const;

  /// Sends `text` with the history. An error means nothing was sent (the caller keeps the
  /// text): no key, an unknown provider, or a reply still streaming.
  Error send(const QString& text);
  /// Ends the streaming reply; what arrived is kept, in the history and on screen.
  void stop();
  /// Starts a new conversation, cancelling a reply still streaming (what arrived is kept in the
  /// store, marked interrupted).
  void new_chat();
  /// A reply, or any answer of a comparison, is still streaming.
  bool streaming() const { return feed_ != nullptr || compare_running_ > 0; }
  History history() const { return chat_->history(); }

  // The conversation store. Every turn is recorded as it streams (ChatSession::record_to).

  /// The store, or null when it could not be opened (the window then works unrecorded).
  const std::shared_ptr<Store>& store() const { return store_; }
  /// Why the store is not used: it could not be opened, or "log" is false in the config file.
  const Error& store_error() const { return store_error_; }
  bool recording() const { return recorder_ != nullptr; }
  /// The conversation shown; empty for a new one before its first turn.
  std::string conversation_id() const;
  /// The store ids of the reply streaming (or last sent): its prompt (empty for a regenerated
  /// answer) and its answer. Empty when not recorded.
  const std::string& reply_prompt_id() const { return reply_prompt_id_; }
  const std::string& reply_answer_id() const { return reply_answer_id_; }
  /// Continues the stored conversation `id` from its current branch (cancels a reply).
  Error open_conversation(const std::string& id);
  /// Reads the open conversation's current branch again (another process added to it).
  Error reload_conversation();
  /// Answers `answer_id`'s prompt again with the selected model: a sibling of that answer.
  Error regenerate(const std::string& answer_id);
  /// Sends `text` in place of the prompt `prompt_id`: a sibling of it, a new branch.
  Error edit(const std::string& prompt_id, const QString& text);
  /// Makes the branch through `message_id` (down to its newest descendants) the current one.
  Error switch_to(const std::string& message_id);
  /// The stored message `id` (empty id when unknown); waits for pending writes first.
  StoredMessage stored_message(const std::string& id) const;
  /// The current branch, oldest first; empty for a new conversation.
  std::vector<StoredMessage> current_branch() const;

  // Compare mode (chat_controller_compare.cpp): one prompt to several models at once.

  /// The most models one comparison asks.
  static constexpr std::size_t kMaxCompared = 4;
  /// Sends `text` with the history to every model of `models` (two to kMaxCompared) at once,
  /// each its own ChatSession on the one CurlSession. Recorded as the command line's compare
  /// mode records: the prompt and the first model's answer as a turn, the others as siblings of
  /// that answer, and the first model's answer stays the current branch until
  /// choose_compared(). An error means nothing was sent: a missing key, an unknown provider, a
  /// reply still streaming.
  Error compare(const QString& text, const std::vector<ModelChoice>& models);
  /// How many answers the last comparison has (0 when none, or after New Chat).
  std::size_t compared() const { return columns_.size(); }
  /// Makes answer `column` of the last comparison the conversation's current branch: the next
  /// message follows it. ErrorCode::busy while the comparison streams.
  Error choose_compared(std::size_t column);
  /// The store id of answer `column` of the last comparison; empty when not recorded.
  std::string compared_answer_id(std::size_t column) const;

  /// Writes the config file (0600, atomically); on success the settings apply to the next
  /// message and the model lists are fetched again.
  Error save_settings(const Settings& settings);
  /// Asks every provider that has a key (and every configured endpoint) for its models.
  void fetch_live_models();

 signals:
  /// A message went out: the window shows `prompt`, then the answer of `model` as it streams.
  void reply_started(const QString& prompt, const QString& model);
  void answer_arrived(const QString& piece);
  void reasoning_arrived(const QString& piece);
  void reply_finished(const tinychat::gui::ReplyOutcome& outcome);
  /// The reply failed before its answer began and is sent again after a wait: "rate limited by
  /// openai; retrying in 3 s (1/2)".
  void retrying(const QString& notice);
  /// A comparison began: `prompt` went to `models` (their names, in order).
  void compare_started(const QString& prompt, const QStringList& models);
  void compared_answer_arrived(int column, const QString& piece);
  void compared_reasoning_arrived(int column, const QString& piece);
  /// Answer `column` ended; `numbers` are its time to first token, tokens, tokens/s and cost
  /// ("12 in · 34 out · first token 0.4 s · 85 tokens/s · $0.0012"), as far as known.
  void compared_reply_finished(int column, const tinychat::gui::ReplyOutcome& outcome,
                               const QString& numbers);
  /// Every answer of the comparison ended; the history follows the first model's answer.
  void compare_finished();
  void models_listed(const QString& provider, const std::vector<tinychat::ModelInfo>& models);
  void models_unavailable(const QString& provider, const QString& message);
  /// The store could not be written: the chat goes on unrecorded.
  void store_warning(const QString& message);

 private:
  struct Listing;
  struct CompareColumn;
  ProviderChoice choice_for(const std::string& provider, const std::string& model) const;
  RetryPolicy retry_policy(const std::shared_ptr<ReplyFeed>& feed);
  void drain(const std::shared_ptr<ReplyFeed>& feed);
  void finish(const std::shared_ptr<ReplyFeed>& feed, const TurnResult& result);
  /// Sets provider and options for the next turn from the selection.
  Error prepare_turn(std::string& model);
  using Starter = std::function<PendingReply(DeltaCallback, TurnCallback)>;
  /// Streams the reply that `start` begins; `prompt` is what the window shows as asked (empty for
  /// a regenerated answer).
  void start_reply(const QString& prompt, const std::string& model, const Starter& start);
  /// Binds `recorder` (or the current one again, after a checkout) to the chat.
  Error bind(std::shared_ptr<ConversationRecorder> recorder);
  void open_store();
  void abandon_reply();
  void abandon_compare();
  void stop_compared();
  void record_compared(const std::string& prompt);
  void drain_column(std::size_t column, const std::shared_ptr<ReplyFeed>& feed);
  void finish_column(std::size_t column, const std::shared_ptr<ReplyFeed>& feed,
                     const TurnResult& result);
  /// The history continues from answer `column` of the last comparison.
  Error follow_compared(std::size_t column);
  void list_models_of(const std::string& provider);
  void forget_listing(const Listing* listing);

  GuiEnvironment environment_;
  Settings settings_;
  PriceTable prices_;
  Error settings_error_;
  Error ca_error_;
  ModelChoice selection_;
  std::string base_url_provider_;  // the provider --base-url was given for
  std::shared_ptr<CurlSession> http_;
  std::unique_ptr<ChatSession> chat_;
  PendingReply reply_;
  std::shared_ptr<ReplyFeed> feed_;  // the reply streaming now; null when none
  std::vector<std::unique_ptr<Listing>> listings_;
  std::shared_ptr<Store> store_;
  Error store_error_;
  std::shared_ptr<ConversationRecorder> recorder_;
  std::string reply_prompt_id_;
  std::string reply_answer_id_;
  std::optional<int> max_tokens_;
  std::vector<std::unique_ptr<CompareColumn>> columns_;  // the last comparison's answers
  std::size_t compare_running_ = 0;                      // how many of them still stream
  History compare_history_;                              // what the comparison followed
  std::string compare_prompt_;
};

}  // namespace tinychat::gui
