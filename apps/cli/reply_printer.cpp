#include "reply_printer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "tinychat/terminal_text.h"

namespace tinychat::cli {

namespace {

constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

// Finish reasons that mean the model ended on its own; anything else cut the answer short.
bool is_natural_finish(const std::string& reason) {
  return reason.empty() || reason == "stop" || reason == "end_turn" || reason == "STOP" ||
         reason == "COMPLETE" || reason == "eos" || reason == "stop_sequence" ||
         reason == "STOP_SEQUENCE" || reason == "tool_calls" || reason == "tool_use" ||
         reason == "TOOL_CALL";
}

// A redraw of the rendered tail at most once a frame: a fast stream costs no redraw per read.
// A long unfinished block (a paragraph or table of many kilobytes) is rendered whole on every
// redraw, so its frames grow with it: 16 ms per 4 KiB keeps redrawing under about 2% of a CPU.
constexpr auto kFrame = std::chrono::milliseconds(16);
constexpr std::size_t kBytesPerFrame = 4096;

// Set by SIGWINCH, read by the printer before it draws.
std::atomic<bool> window_changed{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_window_change(int) { window_changed.store(true, std::memory_order_relaxed); }

terminal_markdown::TerminalSize terminal_size(std::FILE* file) {
  struct winsize size {};
  if (::ioctl(::fileno(file), TIOCGWINSZ, &size) != 0 || size.ws_col == 0 || size.ws_row == 0) {
    return {};
  }
  return {size.ws_col, size.ws_row};
}

}  // namespace

bool markdown_wanted(std::FILE* out, bool raw) {
  if (raw || ::isatty(::fileno(out)) != 1) return false;
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

ReplyPrinter::ReplyPrinter(std::FILE* out, std::FILE* err, bool show_reasoning,
                           bool render_markdown)
    : out_(out),
      out_file_(out),
      err_(err),
      show_reasoning_(show_reasoning),
      err_is_terminal_(::isatty(::fileno(err)) == 1) {
  if (!render_markdown || !out_.is_terminal()) return;
  markdown_ = std::make_unique<terminal_markdown::StreamingMarkdown>(
      terminal_size(out), [this](std::string_view bytes) { rendered_.append(bytes); });
  struct sigaction action {};
  action.sa_handler = on_window_change;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  window_changed.store(false, std::memory_order_relaxed);
  sigaction(SIGWINCH, &action, &previous_winch_);
}

ReplyPrinter::~ReplyPrinter() {
  if (markdown_) sigaction(SIGWINCH, &previous_winch_, nullptr);
}

void ReplyPrinter::write_rendered() {
  if (rendered_.empty()) return;
  out_.write(rendered_);
  rendered_.clear();
}

void ReplyPrinter::follow_resize() {
  if (markdown_ && window_changed.exchange(false, std::memory_order_relaxed)) {
    markdown_->resize(terminal_size(out_file_));
  }
}

void ReplyPrinter::draw_tail() {
  const auto time = std::chrono::steady_clock::now();
  const auto frame = kFrame * static_cast<int>(1 + markdown_->tail_size() / kBytesPerFrame);
  if (time - last_draw_ < frame) {
    tail_stale_ = true;
    return;
  }
  markdown_->draw_tail();
  last_draw_ = time;
  tail_stale_ = false;
}

void ReplyPrinter::refresh() {
  std::lock_guard lock(mutex_);
  if (!markdown_ || !tail_stale_ || out_.failed()) return;
  follow_resize();
  draw_tail();
  write_rendered();
  out_.flush();
}

void ReplyPrinter::write_err(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), err_);
}

namespace {

// Holds a stdio stream's lock for a scope. The writes within take it again, which for its
// holder is a plain count rather than an atomic operation: a pass of many deltas paid one per
// write (the loop thread makes the process multithreaded, so stdio locks for real).
class StreamLock {
 public:
  explicit StreamLock(std::FILE* file) : file_(file) { ::flockfile(file_); }
  ~StreamLock() { ::funlockfile(file_); }
  StreamLock(const StreamLock&) = delete;
  StreamLock& operator=(const StreamLock&) = delete;

 private:
  std::FILE* file_;
};

}  // namespace

void ReplyPrinter::print(std::span<const Delta> deltas) {
  std::lock_guard lock(mutex_);
  if (out_.failed()) return;
  const StreamLock out_lock(out_.file());
  follow_resize();  // the new width applies to whatever is written from now on
  bool answered = false;
  for (const Delta& delta : deltas) {
    if (delta.kind == DeltaKind::text && !delta.text.empty()) {
      end_reasoning();
      if (markdown_) {
        markdown_->append(delta.text);
      } else {
        out_.write_received(delta.text);
      }
      last_answer_char_ = delta.text.back();
      printed_answer_ = true;
      answered = true;
    } else if (delta.kind == DeltaKind::reasoning && show_reasoning_ && !delta.text.empty()) {
      if (markdown_) {
        // The reasoning goes where the answer's tail is drawn: the tail comes back after it.
        markdown_->clear_tail();
        write_rendered();
        out_.flush();
        tail_stale_ = true;
      }
      if (!in_reasoning_) {
        if (err_is_terminal_) write_err(kDim);
        in_reasoning_ = true;
      }
      scratch_.clear();
      append_terminal_safe(scratch_, delta.text);
      write_err(scratch_);
    }
  }
  if (markdown_ && answered) draw_tail();
  if (markdown_) write_rendered();
  // One flush per pass of the HTTP loop: the text appears as it arrives without a write per token.
  std::fflush(err_);
  out_.flush();
}

void ReplyPrinter::end_reasoning() {
  if (!in_reasoning_) return;
  in_reasoning_ = false;
  write_err(err_is_terminal_ ? "\x1b[0m\n\n" : "\n\n");
  std::fflush(err_);
}

int ReplyPrinter::finish(const TurnResult& result, bool show_usage) {
  std::unique_lock lock(mutex_);
  end_reasoning();
  if (markdown_) {
    // Rendered lines end with their newline.
    follow_resize();
    markdown_->finish();
    write_rendered();
  } else if (out_.is_terminal() && printed_answer_ && last_answer_char_ != '\n') {
    // On a terminal the prompt should not start on the answer's last line; in a pipe the bytes
    // stay exactly what the model sent.
    out_.write("\n");
  }
  out_.flush();
  if (out_.reader_gone()) return kExitReaderGone;  // `| head` had enough: quiet, as filters are.
  if (out_.failed()) {
    report(write_failure_message(out_.error()));
    if (result.text_bytes > 0) report("the answer was not written in full.");
    return 1;
  }
  if (result.error) {
    report(result.error.message);
    if (result.text_bytes > 0) report("the answer above is incomplete.");
  } else if (!is_natural_finish(result.finish_reason)) {
    report("the answer stopped early (finish reason: " + result.finish_reason + ").");
  }
  if (show_usage && !result.usage.empty()) {
    const std::string line =
        describe_usage(result.usage, price_ ? usage_cost(result.usage, *price_) : std::nullopt);
    std::fprintf(err_, "%s%s%s\n", err_is_terminal_ ? kDim : "", line.c_str(),
                 err_is_terminal_ ? kReset : "");
  }
  std::fflush(err_);
  return result.error ? 1 : 0;
}

}  // namespace tinychat::cli
