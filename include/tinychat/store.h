#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/conversation.h"
#include "tinychat/delta.h"
#include "tinychat/error.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// Where a stored message stands. User messages are always complete.
enum class MessageStatus {
  complete,     ///< The answer arrived whole.
  streaming,    ///< A live process is still writing it.
  interrupted,  ///< Stopped (Stop, Ctrl-C) or its writer died (kill -9, a crash): text is partial.
  failed,       ///< The provider or the network failed; `error` says how. Text may be partial.
};

/// "complete", "streaming", "interrupted" or "failed".
TINYCHAT_API std::string_view to_string(MessageStatus status);

/// One message of a stored conversation: a node of its tree. Regenerating an answer or editing a
/// prompt adds a sibling (same parent) instead of replacing anything.
struct StoredMessage {
  std::string id;  ///< 16 characters, ordered by creation time.
  std::string conversation_id;
  std::string parent_id;  ///< Empty for a conversation's first message.
  Role role = Role::user;
  std::string text;
  std::string reasoning;
  MessageStatus status = MessageStatus::complete;
  std::string error;          ///< Why a failed or interrupted answer ended.
  std::string finish_reason;  ///< In the provider's words ("stop", "end_turn", ...).
  // What produced an answer; empty for user messages.
  std::string provider;
  std::string model;
  std::string base_url;  ///< Without user-info: keys and passwords are never stored.
  std::string system_prompt;
  std::optional<double> temperature;
  Usage usage;
  // Unix time in milliseconds; 0 where not known (yet).
  std::int64_t sent_ms = 0;  ///< User message: when sent. Answer: when its request went out.
  std::int64_t first_token_ms = 0;
  std::int64_t finished_ms = 0;

  friend bool operator==(const StoredMessage&, const StoredMessage&) = default;
};

/// A conversation as listed: what `tinychat log` shows.
struct ConversationSummary {
  std::string id;  ///< 16 characters, ordered by creation time.
  std::string title;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::string current_leaf_id;  ///< The message the next turn follows; empty when none.
  std::string model;            ///< The latest answer's model; empty when none.
  std::size_t turns = 0;        ///< User messages, on every branch.

  friend bool operator==(const ConversationSummary&, const ConversationSummary&) = default;
};

/// A whole conversation, every branch: for export and import.
struct StoredConversation {
  ConversationSummary summary;
  std::vector<StoredMessage> messages;  ///< Parents before their children, oldest first.
};

/// One message matching a search.
struct SearchHit {
  ConversationSummary conversation;
  std::string message_id;
  Role role = Role::user;
  std::string snippet;  ///< The text around the match, matched words between the markers.
};

/// The tokens one model's answers reported, summed: what a day or a conversation cost.
struct ModelUsage {
  std::string day;  ///< "2026-11-28", local time (usage_by_day); empty from conversation_usage.
  std::string provider;
  std::string model;
  std::int64_t answers = 0;     ///< Answers that reported their input and output tokens.
  std::int64_t unreported = 0;  ///< Answers that did not: their cost is unknown.
  Usage usage;                  ///< The sums of the reported answers' counts (0 when none).

  friend bool operator==(const ModelUsage&, const ModelUsage&) = default;
};

struct SearchOptions {
  std::size_t limit = 20;
  std::string match_start = "[";
  std::string match_end = "]";
  /// The last word also matches the words it begins ("sourd" finds "sourdough"): for searching
  /// while the user types.
  bool last_word_is_prefix = false;
};

struct StoreOptions {
  /// How long a write waits for another process's write to end before failing with "database
  /// is locked". Writes are short; only a stuck process holds the lock this long.
  std::chrono::milliseconds busy_timeout{5000};
  /// How much of the file SQLite keeps in memory, in KiB; 0 for SQLite's default (2 MiB). A
  /// process that records one answer and exits needs little: with a small cache a long
  /// answer's pages go to the write-ahead log as they fill and their memory is used again,
  /// instead of touching fresh memory for every page of the answer.
  int cache_kib = 0;
};

class ConversationRecorder;
namespace store {
struct Connection;
}

/// The conversation store: one SQLite file (WAL, synchronous=NORMAL, every write a BEGIN
/// IMMEDIATE transaction), shared safely by any number of processes. Every method is one
/// transaction and thread-safe. Failures are values: ErrorCode::store names the file and the
/// cause; ErrorCode::invalid_argument an unknown or ambiguous id.
class TINYCHAT_API Store {
 public:
  /// Opens `path`, creating it (mode 0600, its folder 0700) when missing, and brings its schema
  /// up to date. Refuses, without writing a byte to it, a file that is not a SQLite database or
  /// is damaged, another program's database, a read-only file, or one written by a newer
  /// tinychat.
  static Error open(const std::filesystem::path& path, std::shared_ptr<Store>& out,
                    StoreOptions options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& path() const;

  // Reading. An answer whose writer is gone (killed, crashed) reads as interrupted.

  /// The most recently updated conversations first.
  Error recent_conversations(std::size_t limit, std::vector<ConversationSummary>& out) const;
  /// The conversation whose id is `id_or_prefix` or starts with it (case-insensitive, Crockford's
  /// aliases: O reads as 0, I and L as 1). A prefix shared by two conversations is an error.
  Error find_conversation(std::string_view id_or_prefix, ConversationSummary& out) const;
  /// Every message of every branch.
  Error load_conversation(std::string_view conversation_id, StoredConversation& out) const;
  /// The path from the first message down to `leaf_id`, oldest first.
  Error branch(std::string_view leaf_id, std::vector<StoredMessage>& out) const;
  /// The messages that share `message_id`'s parent, itself included, oldest first.
  Error siblings(std::string_view message_id, std::vector<StoredMessage>& out) const;
  /// Messages whose text holds every word of `words` (full-text, case- and accent-insensitive),
  /// the newest first, each with a snippet. Messages written since the last search are indexed
  /// first (writers leave that to searches), which takes the write lock briefly.
  Error search(std::string_view words, const SearchOptions& options,
               std::vector<SearchHit>& out) const;
  /// A number that changes whenever another connection (another process, or another Store on
  /// the same file) has committed a change since the last call: SQLite's `PRAGMA data_version`.
  /// Cheap (no file read), so a window can ask it on a timer to learn of turns that `tinychat`
  /// added meanwhile. This Store's own writes do not change it.
  Error data_version(std::int64_t& out) const;

  /// The answers sent since `since_ms` (Unix milliseconds), every conversation and branch,
  /// summed by local day and model, oldest day first (src/store/usage_reads.cpp).
  Error usage_by_day(std::int64_t since_ms, std::vector<ModelUsage>& out) const;
  /// A conversation's answers, every branch, summed by model.
  Error conversation_usage(std::string_view conversation_id, std::vector<ModelUsage>& out) const;

  // Writing.

  Error set_title(std::string_view conversation_id, std::string_view title);
  /// The next turn continues from `message_id`, which must belong to the conversation.
  Error set_current_leaf(std::string_view conversation_id, std::string_view message_id);
  /// Removes the conversation and every message in it.
  Error delete_conversation(std::string_view conversation_id);
  /// Adds a whole conversation (an import). `added` is false, and nothing changes, when a
  /// conversation with its id exists already: importing twice adds nothing.
  Error import_conversation(const StoredConversation& conversation, bool& added);

 private:
  friend class ConversationRecorder;
  explicit Store(std::unique_ptr<store::Connection> connection);
  std::unique_ptr<store::Connection> connection_;
};

}  // namespace tinychat
