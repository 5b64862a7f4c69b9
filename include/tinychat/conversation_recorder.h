#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tinychat/conversation.h"
#include "tinychat/delta.h"
#include "tinychat/error.h"
#include "tinychat/store.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// What produces an answer, recorded beside it. The key is never part of it, and the base URL's
/// user-info (`http://user:password@host`) is dropped before it is stored.
struct AnswerSource {
  std::string provider;
  std::string model;
  std::string base_url;
  std::string system_prompt;
  std::optional<double> temperature;
};

/// How an answer ended.
struct AnswerOutcome {
  MessageStatus status = MessageStatus::complete;
  std::string error;
  std::string finish_reason;
  Usage usage;
};

namespace store {
struct RecorderChannel;
struct AnswerBuffer;
}  // namespace store

/// One answer being recorded. Its row exists (status streaming) before the request goes out.
/// append() and finish() only touch memory: the recorder's own thread writes to the database,
/// so the thread receiving the answer never waits for a disk or a lock.
class TINYCHAT_API AnswerRecording {
 public:
  /// The text and reasoning of `deltas` join the answer; written within 200 ms.
  void append(std::span<const Delta> deltas);
  /// Ends the answer: status, error, finish reason, usage and the rest of the text are written
  /// in one transaction. Later calls change nothing.
  void finish(AnswerOutcome outcome);
  const std::string& message_id() const;

 private:
  friend class ConversationRecorder;
  AnswerRecording(std::shared_ptr<store::RecorderChannel> channel,
                  std::shared_ptr<store::AnswerBuffer> buffer);
  std::shared_ptr<store::RecorderChannel> channel_;
  std::shared_ptr<store::AnswerBuffer> buffer_;
};

/// Which thread writes a recorder's checkpoints.
enum class CheckpointThread {
  /// A thread of the recorder's own: nothing more to do.
  own,
  /// The owner's: it calls ConversationRecorder::write_due() at least every 50 ms while an
  /// answer streams (text then reaches the file within 250 ms, as with a thread of its own),
  /// and flush() or the destructor writes the rest. For a program whose main thread only waits
  /// for the answer, such as a one-shot command line: it saves starting, waking and joining a
  /// thread, which is most of what recording a short answer costs.
  caller,
};

/// Records the turns of one chat into a Store: each prompt, then its answer as it streams.
/// Bind it to a ChatSession (ChatSession::record_to) and the session records every turn itself.
/// A failure to write never reaches the chat: it becomes one warning (set_warning_handler),
/// and the recorder records nothing more.
class TINYCHAT_API ConversationRecorder {
 public:
  using WarningHandler = std::function<void(const Error& warning)>;

  /// Continues the conversation `conversation_id` (or the one a unique prefix names) from its
  /// current leaf or, when it is empty, starts a new conversation with the first turn. An
  /// unknown or ambiguous id is ErrorCode::invalid_argument.
  static Error open(std::shared_ptr<Store> store, std::string_view conversation_id,
                    std::shared_ptr<ConversationRecorder>& out,
                    CheckpointThread thread = CheckpointThread::own);
  /// Writes what is pending, then stops the recorder's thread (if it has one). An answer still
  /// streaming stays `streaming` in the file and reads as interrupted once this process is gone.
  ~ConversationRecorder();
  ConversationRecorder(const ConversationRecorder&) = delete;
  ConversationRecorder& operator=(const ConversationRecorder&) = delete;

  /// Hears the first failure to write, naming the file and the cause. Runs at most once, on the
  /// thread that wrote (the recorder's, or the caller of write_due, flush or the destructor with
  /// CheckpointThread::caller) or on the thread that called begin_turn (inside
  /// ChatSession::stream_response, so it must not call back into that session).
  void set_warning_handler(WarningHandler handler);

  /// Empty before the first turn of a new conversation.
  std::string conversation_id() const;
  /// The message the next turn follows; empty when none.
  std::string current_leaf_id() const;
  /// The current branch as a chat history: what the next request sends. Answers that failed
  /// before any text are left out; partial ones are marked interrupted.
  Error branch_history(History& out);
  /// The next turn follows `message_id` of this conversation (a branch): the parent of a prompt
  /// to edit, or the prompt whose answer to regenerate (then begin_answer). Kept in the file as
  /// the conversation's current leaf. A ChatSession sends that branch once bound again
  /// (ChatSession::record_to). An empty id: the next turn starts the conversation again, a new
  /// first prompt beside the old one (editing the first prompt).
  Error checkout(std::string_view message_id);
  /// The latest prompt on the current branch, for answering it again or editing it.
  /// ErrorCode::invalid_argument when the branch has none.
  Error last_prompt(StoredMessage& out);
  /// The next turn starts a new conversation (New Chat).
  void start_new_conversation();
  /// Waits until everything handed over so far is in the file (with CheckpointThread::caller,
  /// writes it on this thread).
  void flush();
  /// With CheckpointThread::caller: writes, on this thread, the text that has waited long enough
  /// and the answers that ended. Does nothing when the recorder has a thread of its own.
  void write_due();
  /// Records nothing more of this chat and says why through the warning handler (once), as a
  /// failure to write does: for a caller that found the store unusable for the next turn.
  void stop_recording(Error why);

  /// Records a prompt and an empty answer to it (status streaming) in one transaction, before
  /// the request goes out; both become the current branch. Null when the store cannot be
  /// written (the warning says why): the turn goes ahead unrecorded.
  std::shared_ptr<AnswerRecording> begin_turn(std::string_view user_text,
                                              const AnswerSource& source);
  /// Records another answer to the current leaf, a prompt (regenerate: checkout() the prompt
  /// first): a sibling of its earlier answers. ErrorCode::invalid_argument when the current leaf
  /// is not a prompt; ErrorCode::store, after the warning, when the file cannot be written.
  Error begin_answer(const AnswerSource& source, std::shared_ptr<AnswerRecording>& out);

 private:
  struct Impl;
  explicit ConversationRecorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tinychat
