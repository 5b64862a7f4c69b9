#include "answer_rows.h"

#include <string>
#include <vector>

#include "conversation_title.h"
#include "message_rows.h"
#include "url_without_userinfo.h"
#include "writer_identity.h"

namespace tinychat::store {

Error insert_turn(Database& db, const TurnStart& turn) {
  // A new conversation is made with its leaf and times already set, where an existing one is
  // updated once at the end: each statement SQLite prepares costs a one-shot prompt about
  // 120,000 instructions (callgrind), since nothing is prepared before.
  if (turn.new_conversation) {
    Statement(db,
              "INSERT INTO conversations (id, title, created_ms, updated_ms, current_leaf_id) "
              "VALUES (?, ?, ?, ?, ?)")
        .bind_all(turn.conversation_id, title_from_prompt(turn.prompt_text), turn.sent_ms,
                  turn.sent_ms, turn.answer_id)
        .run();
  }
  if (turn.prompt_id.empty()) {
    Statement prompt(db, "SELECT role FROM messages WHERE id = ? AND conversation_id = ?");
    prompt.bind_all(turn.parent_id, turn.conversation_id);
    if (!prompt.step() || role_from(prompt.text(0)) != Role::user) {
      return Error(ErrorCode::invalid_argument,
                   "only a prompt can be answered again; the current message is not one");
    }
  } else {
    Statement(db,
              "INSERT INTO messages (id, conversation_id, parent_id, role, text, sent_ms) "
              "VALUES (?, ?, ?, 'user', ?, ?)")
        .bind_all(turn.prompt_id, turn.conversation_id, id_or_null(turn.parent_id),
                  turn.prompt_text, turn.sent_ms)
        .run();
  }
  const std::string& answer_parent = turn.prompt_id.empty() ? turn.parent_id : turn.prompt_id;
  Statement(db,
            "INSERT INTO messages (id, conversation_id, parent_id, role, status, provider, model, "
            "base_url, system_prompt, temperature, sent_ms, writer) "
            "VALUES (?, ?, ?, 'assistant', 'streaming', ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(turn.answer_id, turn.conversation_id, answer_parent, turn.source.provider,
                turn.source.model, url_without_userinfo(turn.source.base_url),
                turn.source.system_prompt, turn.source.temperature, turn.sent_ms, this_writer())
      .run();
  if (!turn.new_conversation) {
    Statement(db,
              "UPDATE conversations SET current_leaf_id = ?2, updated_ms = max(updated_ms, ?3) "
              "WHERE id = ?1")
        .bind_all(turn.conversation_id, turn.answer_id, turn.sent_ms)
        .run();
  }
  return {};
}

void append_answer_chunk(Database& db, std::string_view answer_id, std::int64_t seq,
                         std::string_view text, std::string_view reasoning,
                         std::int64_t first_token_ms) {
  Statement(db, "INSERT INTO answer_chunks (message_id, seq, text, reasoning) VALUES (?, ?, ?, ?)")
      .bind_all(answer_id, seq, text, reasoning)
      .run();
  if (first_token_ms != 0) {
    Statement(db,
              "UPDATE messages SET first_token_ms = ?2 WHERE id = ?1 AND first_token_ms IS NULL")
        .bind_all(answer_id, first_token_ms)
        .run();
  }
}

void settle_answer(Database& db, std::string_view answer_id, std::string_view text,
                   std::string_view reasoning, const AnswerOutcome& outcome,
                   std::int64_t first_token_ms, std::int64_t finished_ms, EarlierText earlier) {
  std::string stored_text;
  std::string stored_reasoning;
  if (earlier == EarlierText::in_checkpoints) {
    {
      Statement before(db, "SELECT text, reasoning FROM messages WHERE id = ?");
      before.bind(1, answer_id);
      if (!before.step()) return;  // deleted meanwhile (tinychat rm): nothing to settle
      stored_text = before.text(0);
      stored_reasoning = before.text(1);
    }
    Statement chunks(db,
                     "SELECT text, reasoning FROM answer_chunks WHERE message_id = ? ORDER BY seq");
    chunks.bind(1, answer_id);
    while (chunks.step()) {
      stored_text += chunks.text(0);
      stored_reasoning += chunks.text(1);
    }
  }
  // An answer shorter than a checkpoint interval is all in `text`: bound as it is, with no
  // copy, where joining would copy it once more (a cost in page faults for a long answer).
  const auto whole = [](std::string& stored, std::string_view rest) {
    if (stored.empty()) return Statement::Borrowed{rest};
    stored += rest;
    return Statement::Borrowed{stored};
  };
  const Statement::Borrowed whole_text = whole(stored_text, text);
  const Statement::Borrowed whole_reasoning = whole(stored_reasoning, reasoning);
  Statement(db,
            "UPDATE messages SET text = ?2, reasoning = ?3, status = ?4, error = ?5, "
            "finish_reason = ?6, input_tokens = ?7, output_tokens = ?8, reasoning_tokens = ?9, "
            "cached_tokens = ?10, finished_ms = ?11, writer = NULL, "
            "first_token_ms = coalesce(first_token_ms, ?12) WHERE id = ?1")
      .bind_all(answer_id, whole_text, whole_reasoning, to_string(outcome.status), outcome.error,
                outcome.finish_reason, count_or_null(outcome.usage.input_tokens),
                count_or_null(outcome.usage.output_tokens),
                count_or_null(outcome.usage.reasoning_tokens),
                count_or_null(outcome.usage.cached_tokens), time_or_null(finished_ms),
                time_or_null(first_token_ms))
      .run();
  if (db.changes() == 0) return;  // deleted meanwhile (tinychat rm): nothing to settle
  if (earlier == EarlierText::in_checkpoints) {
    Statement(db, "DELETE FROM answer_chunks WHERE message_id = ?").bind(1, answer_id).run();
  }
  if (finished_ms != 0) {
    Statement(db,
              "UPDATE conversations SET updated_ms = max(updated_ms, ?2) "
              "WHERE id = (SELECT conversation_id FROM messages WHERE id = ?1)")
        .bind_all(answer_id, finished_ms)
        .run();
  }
}

namespace {

std::vector<std::string> abandoned_answers(Database& db) {
  std::vector<std::string> abandoned;
  Statement streaming(db, "SELECT id, writer FROM messages WHERE status = 'streaming'");
  while (streaming.step()) {
    if (!writer_alive(streaming.text(1))) abandoned.emplace_back(streaming.text(0));
  }
  return abandoned;
}

}  // namespace

bool has_abandoned_answers(Database& db) { return !abandoned_answers(db).empty(); }

void interrupt_abandoned_answers(Database& db) {
  const std::vector<std::string> abandoned = abandoned_answers(db);
  AnswerOutcome outcome;
  outcome.status = MessageStatus::interrupted;
  outcome.error = kWriterGone;
  for (const std::string& id : abandoned) {
    settle_answer(db, id, {}, {}, outcome, 0, 0, EarlierText::in_checkpoints);
  }
}

}  // namespace tinychat::store
