#include "compare_view.h"

#include <nlohmann/json.hpp>

namespace tinychat::cli {

void CompareView::notice(std::size_t, const std::string& message) { report(message); }

namespace {

class SectionsView final : public CompareView {
 public:
  SectionsView(std::FILE* out, std::vector<std::string> models)
      : out_(out), models_(std::move(models)), texts_(models_.size()), done_(models_.size()) {}

  void deltas(std::size_t index, std::span<const Delta> deltas) override {
    for (const Delta& delta : deltas) {
      if (delta.kind == DeltaKind::text) texts_[index] += delta.text;
    }
  }

  void finished(std::size_t index, const TurnResult&) override {
    done_[index] = true;
    while (next_ < models_.size() && done_[next_]) write_section(next_++);
    out_.flush();
  }

  bool output_failed() const override { return out_.failed(); }
  int finish_output() override { return out_.finish(0, "the answers"); }

 private:
  void write_section(std::size_t index) {
    if (index > 0) out_.write("\n");
    out_.write("## ");
    out_.write_received(models_[index]);
    out_.write("\n\n");
    const std::string& text = texts_[index];
    out_.write_received(text);
    if (!text.empty() && text.back() != '\n') out_.write("\n");
    std::string().swap(texts_[index]);  // Written: no need to hold it any longer.
  }

  CheckedOutput out_;
  std::vector<std::string> models_;
  std::vector<std::string> texts_;
  std::vector<bool> done_;
  std::size_t next_ = 0;
};

class JsonView final : public CompareView {
 public:
  JsonView(std::FILE* out, std::vector<std::string> models)
      : out_(out), models_(std::move(models)) {}

  void deltas(std::size_t index, std::span<const Delta> deltas) override {
    for (const Delta& delta : deltas) {
      if (delta.kind != DeltaKind::text && delta.kind != DeltaKind::reasoning) continue;
      if (delta.text.empty()) continue;
      write_line({{"model", models_[index]},
                  {"type", delta.kind == DeltaKind::text ? "text" : "reasoning"},
                  {"text", delta.text}});
    }
    out_.flush();
  }

  void finished(std::size_t index, const TurnResult& result) override {
    if (result.error) {
      write_line({{"model", models_[index]},
                  {"type", "error"},
                  {"code", std::string(to_string(result.error.code))},
                  {"message", result.error.message}});
    } else {
      nlohmann::ordered_json usage = nlohmann::ordered_json::object();
      if (result.usage.input_tokens >= 0) usage["input_tokens"] = result.usage.input_tokens;
      if (result.usage.output_tokens >= 0) usage["output_tokens"] = result.usage.output_tokens;
      write_line({{"model", models_[index]},
                  {"type", "done"},
                  {"finish_reason", result.finish_reason},
                  {"usage", usage}});
    }
    out_.flush();
  }

  bool output_failed() const override { return out_.failed(); }
  int finish_output() override { return out_.finish(0, "the answers"); }

 private:
  // Fields in the order written: "model" and "type" first, for readers that look at a prefix.
  void write_line(const nlohmann::ordered_json& line) {
    // Invalid UTF-8 from a server becomes U+FFFD rather than an exception. JSON escapes C0
    // controls but not C1 ones (U+009B is a CSI): on a terminal the line is cleaned too.
    out_.write_received(
        line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    out_.write("\n");
  }

  CheckedOutput out_;
  std::vector<std::string> models_;
};

}  // namespace

std::unique_ptr<CompareView> make_sections_view(std::FILE* out, std::vector<std::string> models) {
  return std::make_unique<SectionsView>(out, std::move(models));
}

std::unique_ptr<CompareView> make_json_view(std::FILE* out, std::vector<std::string> models) {
  return std::make_unique<JsonView>(out, std::move(models));
}

}  // namespace tinychat::cli
