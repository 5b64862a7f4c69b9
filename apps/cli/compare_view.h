#pragma once

#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "checked_output.h"
#include "tinychat/chat_session.h"

namespace tinychat::cli {

/// How `tinychat -m a -m b "prompt"` shows the answers as they arrive. Every call comes with the
/// command's lock held, so an implementation needs none of its own.
class CompareView {
 public:
  virtual ~CompareView() = default;
  /// Deltas of model `index` (the order the models were given).
  virtual void deltas(std::size_t index, std::span<const Delta> deltas) = 0;
  /// Model `index` has ended, with `result`.
  virtual void finished(std::size_t index, const TurnResult& result) = 0;
  /// Every model has ended: write what is still held.
  virtual void end() {}
  /// A message about model `index` while the answers stream (a retry): on standard error
  /// ("tinychat: MESSAGE"), or, for a live view, as a row of its own so that the columns stay
  /// where they are.
  virtual void notice(std::size_t index, const std::string& message);
  /// Whether the answers could not be written; the command then stops them all.
  virtual bool output_failed() const = 0;
  /// The exit status of the writing: 0, or the status CheckedOutput gives for a failed write.
  virtual int finish_output() = 0;
};

/// A pipe or a file: each answer whole under a "## MODEL" heading, in the order the models were
/// given; an answer is written as soon as it and every one before it have ended.
std::unique_ptr<CompareView> make_sections_view(std::FILE* out, std::vector<std::string> models);

/// --json: one JSON object per line as events arrive: {"model", "type": "text"|"reasoning",
/// "text"}, then {"model", "type": "done", "finish_reason", "usage"} or {"model", "type":
/// "error", "code", "message"}.
std::unique_ptr<CompareView> make_json_view(std::FILE* out, std::vector<std::string> models);

/// A terminal `columns` wide and `rows` high: the answers live, side by side when each can have
/// 40 columns (each column filling its own cells as its lines arrive), else stacked, each line
/// labelled with its model. Only whole lines are written, so that no answer tears another's.
std::unique_ptr<CompareView> make_live_view(std::FILE* out, std::vector<std::string> models,
                                            int columns, int rows);

}  // namespace tinychat::cli
