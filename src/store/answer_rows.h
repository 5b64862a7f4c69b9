#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sqlite.h"
#include "tinychat/conversation_recorder.h"

namespace tinychat::store {

/// The rows one turn starts with: a prompt (unless an answer is regenerated) and its answer,
/// empty and streaming.
struct TurnStart {
  std::string conversation_id;
  bool new_conversation = false;  ///< Create the conversation, titled after the prompt.
  std::string parent_id;          ///< What the prompt follows (the answer, when no prompt).
  std::string prompt_id;          ///< Empty: no prompt; the answer follows parent_id.
  std::string_view prompt_text;
  std::string answer_id;
  AnswerSource source;
  std::int64_t sent_ms = 0;
};

/// Inserts the turn's rows and makes the answer the conversation's current leaf. With no prompt,
/// ErrorCode::invalid_argument unless parent_id is a prompt of the conversation.
Error insert_turn(Database& db, const TurnStart& turn);

/// One checkpoint: the text and reasoning that arrived since the last one, and when the first
/// token came (0: not yet).
void append_answer_chunk(Database& db, std::string_view answer_id, std::int64_t seq,
                         std::string_view text, std::string_view reasoning,
                         std::int64_t first_token_ms);

/// Where an answer's text before the last piece is.
enum class EarlierText {
  none,            ///< Nowhere: no checkpoint was written, the last piece is all of it.
  in_checkpoints,  ///< In the file (answer_chunks), or unknown: an answer whose writer is gone.
};

/// Ends an answer: its checkpoints (`earlier`) joined with `text` and `reasoning` (what arrived
/// since the last one) into the message, its status and the rest of `outcome`;
/// `first_token_ms` (0: not known) when no checkpoint wrote it.
void settle_answer(Database& db, std::string_view answer_id, std::string_view text,
                   std::string_view reasoning, const AnswerOutcome& outcome,
                   std::int64_t first_token_ms, std::int64_t finished_ms, EarlierText earlier);

/// Whether a streaming answer's writer is gone: a read, so that opening a file with nothing to
/// repair takes no write lock.
bool has_abandoned_answers(Database& db);
/// Settles every streaming answer whose writer is gone as interrupted, keeping its text.
void interrupt_abandoned_answers(Database& db);

}  // namespace tinychat::store
