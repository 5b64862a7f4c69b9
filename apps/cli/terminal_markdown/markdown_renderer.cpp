#include "markdown_renderer.h"

#include <md4c.h>

#include <deque>
#include <string>

#include "display_width.h"
#include "table_layout.h"

namespace tinychat::terminal_markdown {

namespace {

// Code: a dark background with a light foreground, so that it reads on dark and light themes.
// With the background set, erase-in-line paints the whole row without writing spaces (which
// copying would pick up). Done at the start of the row: after a full row it would erase the
// last character.
constexpr std::string_view kCodeRowStart = "\x1b[38;5;252;48;5;236m\x1b[K";
constexpr std::string_view kReset = "\x1b[0m";

const char* const kBullets[] = {"•", "◦", "▪"};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// "&amp;", "&#233;", "&#x1F600;": the character; one we do not know stays as it was written.
std::string decode_entity(std::string_view entity) {
  if (entity == "&amp;") return "&";
  if (entity == "&lt;") return "<";
  if (entity == "&gt;") return ">";
  if (entity == "&quot;") return "\"";
  if (entity == "&apos;") return "'";
  if (entity == "&nbsp;") return "\u00a0";
  if (entity.size() > 3 && entity[1] == '#') {
    const bool hex = entity[2] == 'x' || entity[2] == 'X';
    char32_t value = 0;
    for (std::size_t i = hex ? 3 : 2; i + 1 < entity.size(); ++i) {
      const char c = entity[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0 || value > 0x10FFFF) return std::string(entity);
      value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
    }
    // Controls, surrogates and what is beyond Unicode would reach the terminal: replaced.
    if (value < 0x20 || (value >= 0x7F && value < 0xA0) || (value >= 0xD800 && value < 0xE000) ||
        value > 0x10FFFF) {
      value = 0xFFFD;
    }
    std::string out;
    append_utf8(out, value);
    return out;
  }
  return std::string(entity);
}

std::string attribute_text(const MD_ATTRIBUTE& attribute) {
  return std::string(attribute.text, attribute.size);
}

void add_code_row(std::string_view line, int columns, std::vector<RenderedLine>& out,
                  const std::vector<Piece>& prefix) {
  // Tabs to spaces: the terminal would move the cursor instead, and rows could not be counted.
  std::string expanded;
  int column = 0;
  for (std::size_t at = 0; at < line.size();) {
    const CodePoint point = decode_utf8(line, at);
    if (point.value == '\t') {
      const int spaces = 8 - column % 8;
      expanded.append(static_cast<std::size_t>(spaces), ' ');
      column += spaces;
    } else {
      expanded.append(line.substr(at, static_cast<std::size_t>(point.length)));
      column += char_width(point.value);
    }
    at += static_cast<std::size_t>(point.length);
  }
  LineBuilder builder(columns);
  for (const Piece& piece : prefix) builder.add(piece.text, piece.style);
  builder.add({}, {});  // ends the prefix's style before the code's colours
  builder.add_control(kCodeRowStart);
  builder.add(expanded, {});
  builder.add_control(kReset);
  out.push_back(builder.take());
}

// The line above fenced code: its language (the info string's first word, "python
// title=x.py" → "python"), dimmed, on the code's background; nothing without one.
void add_code_header(std::string_view info, int columns, std::vector<RenderedLine>& out,
                     const std::vector<Piece>& prefix) {
  const std::string_view language = info.substr(0, info.find_first_of(" \t"));
  if (language.empty()) return;
  LineBuilder line(columns);
  for (const Piece& piece : prefix) line.add(piece.text, piece.style);
  line.add({}, {});  // ends the prefix's style before the code's colours
  line.add_control(kCodeRowStart);
  line.add_control("\x1b[2;3m");
  line.add(language, {});
  line.add_control(kReset);
  out.push_back(line.take());
}

class Renderer {
 public:
  Renderer(int columns, std::vector<RenderedLine>& out) : columns_(columns), out_(out) {}

  void run(std::string_view markdown) {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;
    parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
      static_cast<Renderer*>(self)->enter_block(type, detail);
      return 0;
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
      static_cast<Renderer*>(self)->leave_block(type, detail);
      return 0;
    };
    parser.enter_span = [](MD_SPANTYPE type, void* detail, void* self) {
      static_cast<Renderer*>(self)->enter_span(type, detail);
      return 0;
    };
    parser.leave_span = [](MD_SPANTYPE type, void* detail, void* self) {
      static_cast<Renderer*>(self)->leave_span(type, detail);
      return 0;
    };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
      static_cast<Renderer*>(self)->text(type, std::string_view(text, size));
      return 0;
    };
    md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, this);
    flush_inline();
  }

 private:
  struct Container {
    std::string first;  // the list marker, or the quote's bar
    std::string rest;   // what the lines after the first start with
    bool quote = false;
    bool first_used = false;
  };
  struct List {
    bool ordered = false;
    bool tight = true;
    unsigned next = 1;
    char delimiter = '.';
  };
  struct Link {
    std::string href;
    std::size_t first_run = 0;
  };

  void enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC:
      case MD_BLOCK_THEAD:
      case MD_BLOCK_TBODY:
        break;
      case MD_BLOCK_QUOTE:
        flush_inline();
        begin_leaf();  // the blank line before the quote has no bar yet
        containers_.push_back({"│ ", "│ ", true, false});
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL: {
        flush_inline();
        // A blank line before a list that follows a paragraph (not before a list nested in an
        // item of a tight list).
        begin_leaf();
        List list;
        if (type == MD_BLOCK_OL) {
          const auto* ol = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
          list.ordered = true;
          list.tight = ol->is_tight != 0;
          list.next = ol->start;
          list.delimiter = ol->mark_delimiter;
        } else {
          list.tight = static_cast<MD_BLOCK_UL_DETAIL*>(detail)->is_tight != 0;
        }
        lists_.push_back(list);
        break;
      }
      case MD_BLOCK_LI: {
        flush_inline();
        const auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
        std::string marker;
        if (!lists_.empty() && lists_.back().ordered) {
          marker = std::to_string(lists_.back().next++) + lists_.back().delimiter + ' ';
        } else {
          std::size_t bullets = 0;
          for (const List& list : lists_) bullets += list.ordered ? 0 : 1;
          marker = std::string(kBullets[(bullets == 0 ? 0 : bullets - 1) % 3]) + ' ';
        }
        if (li->is_task) {
          marker += li->task_mark == ' ' ? "☐ " : "☑ ";
        }
        containers_.push_back({marker,
                               std::string(static_cast<std::size_t>(display_width(marker)), ' '),
                               false, false});
        break;
      }
      case MD_BLOCK_HR: {
        begin_leaf();
        LineBuilder line = start_line(false);
        const int width = std::max(1, columns_ - line.width());
        std::string rule;
        for (int i = 0; i < width; ++i) rule += "─";
        line.add(rule, {Style::dim, {}});
        out_.push_back(line.take());
        end_leaf();
        break;
      }
      case MD_BLOCK_H:
        flush_inline();
        heading_level_ = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
        break;
      case MD_BLOCK_CODE:
      case MD_BLOCK_HTML:
        flush_inline();
        in_code_ = true;
        code_.clear();
        if (type == MD_BLOCK_CODE) {
          code_info_ = attribute_text(static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->lang);
        } else {
          code_info_.clear();
        }
        break;
      case MD_BLOCK_P:
        flush_inline();
        break;
      case MD_BLOCK_TABLE:
        flush_inline();
        table_ = Table{};
        in_table_ = true;
        break;
      case MD_BLOCK_TR:
        table_.rows.emplace_back();
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD: {
        const std::size_t column = table_.rows.back().size();
        if (table_.rows.size() == 1) {
          const MD_ALIGN align = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
          if (table_.aligns.size() <= column) table_.aligns.resize(column + 1);
          table_.aligns[column] = align == MD_ALIGN_RIGHT    ? Table::Align::right
                                  : align == MD_ALIGN_CENTER ? Table::Align::center
                                                             : Table::Align::left;
        }
        if (type == MD_BLOCK_TH) table_.header_rows = table_.rows.size();
        runs_.clear();
        break;
      }
    }
  }

  void leave_block(MD_BLOCKTYPE type, void*) {
    switch (type) {
      case MD_BLOCK_QUOTE:
        flush_inline();
        containers_.pop_back();
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        flush_inline();
        lists_.pop_back();
        break;
      case MD_BLOCK_LI:
        flush_inline();
        containers_.pop_back();
        break;
      case MD_BLOCK_H:
        flush_inline();
        heading_level_ = 0;
        break;
      case MD_BLOCK_P:
        flush_inline();
        break;
      case MD_BLOCK_CODE:
      case MD_BLOCK_HTML:
        in_code_ = false;
        emit_code();
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        table_.rows.back().push_back(std::move(runs_));
        runs_.clear();
        break;
      case MD_BLOCK_TABLE:
        in_table_ = false;
        emit_table();
        break;
      default:
        break;
    }
  }

  void enter_span(MD_SPANTYPE type, void* detail) {
    switch (type) {
      case MD_SPAN_EM:
        ++italic_;
        break;
      case MD_SPAN_STRONG:
        ++bold_;
        break;
      case MD_SPAN_CODE:
        ++code_span_;
        break;
      case MD_SPAN_DEL:
        ++strike_;
        break;
      case MD_SPAN_U:
        ++underline_;
        break;
      case MD_SPAN_A:
        links_.push_back(
            {attribute_text(static_cast<MD_SPAN_A_DETAIL*>(detail)->href), runs_.size()});
        break;
      case MD_SPAN_IMG:
        // An image shows its description; the address follows, as for a link.
        links_.push_back(
            {attribute_text(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src), runs_.size()});
        break;
      default:
        break;
    }
  }

  void leave_span(MD_SPANTYPE type, void*) {
    switch (type) {
      case MD_SPAN_EM:
        --italic_;
        break;
      case MD_SPAN_STRONG:
        --bold_;
        break;
      case MD_SPAN_CODE:
        --code_span_;
        break;
      case MD_SPAN_DEL:
        --strike_;
        break;
      case MD_SPAN_U:
        --underline_;
        break;
      case MD_SPAN_A:
      case MD_SPAN_IMG:
        end_link(type == MD_SPAN_IMG);
        break;
      default:
        break;
    }
  }

  // A link's text becomes an OSC 8 hyperlink when its address is http(s); otherwise (and for
  // an image) the address follows in brackets. An autolink whose text is its address shows once.
  void end_link(bool image) {
    if (links_.empty()) return;
    Link link = std::move(links_.back());
    links_.pop_back();
    std::string shown;
    for (std::size_t i = link.first_run; i < runs_.size(); ++i) shown += runs_[i].text;
    urls_.push_back(std::move(link.href));
    const std::string& href = urls_.back();
    const std::string_view target = image ? std::string_view() : hyperlink_target(href);
    if (!target.empty()) {
      for (std::size_t i = link.first_run; i < runs_.size(); ++i) runs_[i].style.url = target;
    } else if (!href.empty() && shown != href && "mailto:" + shown != href) {
      runs_.push_back({" [" + href + "]", {Style::dim, {}}, false});
    }
  }

  Style current_style() const {
    Style style;
    if (bold_ > 0) style.flags |= Style::bold;
    if (italic_ > 0) style.flags |= Style::italic;
    if (code_span_ > 0) style.flags |= Style::code;
    if (strike_ > 0) style.flags |= Style::strike;
    if (underline_ > 0) style.flags |= Style::underline;
    if (!links_.empty()) style.flags |= Style::link;
    if (heading_level_ > 0) style.flags |= Style::heading;
    return style;
  }

  void text(MD_TEXTTYPE type, std::string_view text) {
    if (in_code_) {
      code_.append(text);
      return;
    }
    switch (type) {
      case MD_TEXT_BR:
        runs_.push_back({{}, {}, true});
        break;
      case MD_TEXT_SOFTBR:
        runs_.push_back({" ", current_style(), false});
        break;
      case MD_TEXT_NULLCHAR:
        runs_.push_back({"\uFFFD", current_style(), false});
        break;
      case MD_TEXT_ENTITY:
        runs_.push_back({decode_entity(text), current_style(), false});
        break;
      default:
        runs_.push_back({std::string(text), current_style(), false});
        break;
    }
  }

  // A blank line between blocks, except between the items of a tight list.
  void begin_leaf() {
    if (pending_blank_ && !(lists_.size() > 0 && lists_.back().tight)) {
      LineBuilder line = start_line(true);
      out_.push_back(line.take());
    }
    pending_blank_ = false;
  }
  void end_leaf() { pending_blank_ = true; }

  // The containers' prefixes: a list marker on an item's first line, its indent after that.
  // A blank line keeps only the quotes' bars.
  LineBuilder start_line(bool blank) {
    LineBuilder line(columns_);
    std::string pending_spaces;
    for (Container& container : containers_) {
      const std::string& text = container.first_used ? container.rest : container.first;
      if (!blank) container.first_used = true;
      if (blank && !container.quote) {
        pending_spaces += text;
        continue;
      }
      if (!pending_spaces.empty()) line.add(pending_spaces, {});
      pending_spaces.clear();
      if (container.quote) {
        line.add(blank ? "│" : text, {Style::dim, {}});
        if (blank) pending_spaces.push_back(' ');  // (pending_spaces is empty here)
      } else {
        line.add(text, {});
      }
    }
    return line;
  }

  int prefix_width() const {
    int width = 0;
    for (const Container& container : containers_) {
      width += display_width(container.first_used ? container.rest : container.first);
    }
    return width;
  }

  void flush_inline() {
    if (in_table_ || runs_.empty()) return;
    begin_leaf();
    const int available = std::max(1, columns_ - prefix_width());
    const std::uint16_t extra = heading_level_ == 1 ? Style::underline : 0;
    for (const WrappedLine& wrapped : wrap_runs(runs_, available)) {
      LineBuilder line = start_line(false);
      line.add(wrapped, extra);
      out_.push_back(line.take());
    }
    runs_.clear();
    end_leaf();
  }

  void emit_code() {
    begin_leaf();
    std::vector<Piece> prefix;
    LineBuilder first = start_line(false);
    (void)first;  // marks the containers' first lines as used: code starts on its own line
    for (const Container& container : containers_) {
      prefix.push_back({container.rest, container.quote ? Style{Style::dim, {}} : Style{}});
    }
    if (!code_info_.empty()) add_code_header(code_info_, columns_, out_, prefix);
    std::string_view code = code_;
    if (!code.empty() && code.back() == '\n') code.remove_suffix(1);
    while (true) {
      const std::size_t newline = code.find('\n');
      add_code_row(code.substr(0, newline), columns_, out_, prefix);
      if (newline == std::string_view::npos) break;
      code.remove_prefix(newline + 1);
    }
    end_leaf();
  }

  void emit_table() {
    begin_leaf();
    std::vector<Piece> prefix;
    for (const Container& container : containers_) {
      prefix.push_back({container.rest, container.quote ? Style{Style::dim, {}} : Style{}});
    }
    for (Container& container : containers_) container.first_used = true;
    int width = 0;
    for (const Piece& piece : prefix) width += display_width(piece.text);
    render_table(table_, prefix, width, columns_, out_);
    end_leaf();
  }

  int columns_;
  std::vector<RenderedLine>& out_;
  std::vector<Container> containers_;
  std::vector<List> lists_;
  std::vector<Link> links_;
  std::deque<std::string> urls_;  // stable: runs point into them
  std::vector<Run> runs_;
  Table table_;
  bool in_table_ = false;
  bool in_code_ = false;
  std::string code_;
  std::string code_info_;
  unsigned heading_level_ = 0;
  int bold_ = 0;
  int italic_ = 0;
  int code_span_ = 0;
  int strike_ = 0;
  int underline_ = 0;
  bool pending_blank_ = false;
};

}  // namespace

void render_markdown(std::string_view markdown, int columns, std::vector<RenderedLine>& out) {
  Renderer(columns, out).run(markdown);
}

void render_code_start(std::string_view info, int columns, std::vector<RenderedLine>& out) {
  add_code_header(info, columns, out, {});
}

void render_code_line(std::string_view line, int columns, std::vector<RenderedLine>& out) {
  add_code_row(line, columns, out, {});
}

}  // namespace tinychat::terminal_markdown
