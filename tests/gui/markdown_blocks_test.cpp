// The streaming Markdown splitter as the window uses it: which parts become final, and when.
// The window hands it QString pieces as UTF-8 and reads its parts back as QStrings; so do these
// tests (the splitter itself is apps/shared/markdown, tested on the CLI's side too).

#include "markdown/markdown_blocks.h"

#include <QTest>

#include "qt_text.h"

namespace tinychat::gui {

// A part as the window reads it.
struct MarkdownPart {
  using Kind = markdown::MarkdownPart::Kind;
  Kind kind = Kind::markdown;
  QString text;

  friend bool operator==(const MarkdownPart&, const MarkdownPart&) = default;
};

char* toString(const MarkdownPart& part) {
  static const char* kinds[] = {"markdown", "code_start", "code_line", "code_end"};
  return QTest::toString(QStringLiteral("%1(%2)").arg(
      QString::fromLatin1(kinds[static_cast<int>(part.kind)]), part.text));
}

namespace {

using Kind = MarkdownPart::Kind;
using Parts = std::vector<MarkdownPart>;

MarkdownPart md(const char* text) { return {Kind::markdown, QString::fromUtf8(text)}; }
MarkdownPart code(const char* text) { return {Kind::code_line, QString::fromUtf8(text)}; }

// MarkdownBlocks on QStrings, converted as AnswerRenderer converts them.
class QStringSplitter {
 public:
  void append(QStringView piece, Parts& out) {
    std::vector<markdown::MarkdownPart> parts;
    const QByteArray utf8 = piece.toUtf8();
    blocks_.append(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())),
                   parts);
    take(parts, out);
  }
  void finish(Parts& out) {
    std::vector<markdown::MarkdownPart> parts;
    blocks_.finish(parts);
    take(parts, out);
  }
  bool in_code() const { return blocks_.in_code(); }
  QString tail() const { return to_qstring(blocks_.tail()); }

 private:
  static void take(const std::vector<markdown::MarkdownPart>& parts, Parts& out) {
    for (const auto& part : parts) out.push_back({part.kind, to_qstring(part.text)});
  }

  markdown::MarkdownBlocks blocks_;
};

// Feeds `text` in pieces of `size` characters; returns every part, finish() included.
Parts split(const QString& text, qsizetype size) {
  QStringSplitter stream;
  Parts parts;
  for (qsizetype at = 0; at < text.size(); at += size) stream.append(text.mid(at, size), parts);
  stream.finish(parts);
  return parts;
}

}  // namespace

class MarkdownBlocksTest : public QObject {
  Q_OBJECT

 private slots:
  void aParagraphIsFinalOnlyOnceTheNextBlockBegins() {
    QStringSplitter stream;
    Parts parts;
    stream.append(u"First paragraph\nstill first.\n\n", parts);
    QVERIFY(parts.empty());  // a blank line alone may still be inside a loose list
    stream.append(u"  ", parts);
    QVERIFY(parts.empty());  // an indented line may continue it
    stream.append(u"indented\n\n- item", parts);
    QVERIFY(parts.empty());  // so may a list item
    stream.append(u"\n\nS", parts);
    // A line that starts with a letter cannot: the blocks before it are final at once.
    QCOMPARE(parts, (Parts{md("First paragraph\nstill first.\n\n  indented\n\n- item\n\n")}));
    QCOMPARE(stream.tail(), QStringLiteral("S"));
  }

  void aLooseListStaysTogether() {
    const Parts parts = split(QStringLiteral("- one\n\n- two\n\n  more two\n\nAfter.\n"), 1000);
    QCOMPARE(parts, (Parts{md("- one\n\n- two\n\n  more two\n\n"), md("After.\n")}));
  }

  void aHeadingIsFinalAtItsNewline() {
    QStringSplitter stream;
    Parts parts;
    stream.append(u"Intro\n## Steps\nNext", parts);
    QCOMPARE(parts, (Parts{md("Intro\n"), md("## Steps\n")}));
    QCOMPARE(stream.tail(), QStringLiteral("Next"));
  }

  void fencedCodeIsPassedOnLineByLine() {
    QStringSplitter stream;
    Parts parts;
    stream.append(u"Look:\n```cpp\nint x = 1;\n\nint y", parts);
    QCOMPARE(parts, (Parts{md("Look:\n"),
                           {Kind::code_start, QStringLiteral("cpp")},
                           code("int x = 1;"),
                           code("")}));
    QVERIFY(stream.in_code());
    QCOMPARE(stream.tail(), QStringLiteral("int y"));
    parts.clear();
    stream.append(u" = 2;\n```\nDone.\n", parts);
    QCOMPARE(parts, (Parts{code("int y = 2;"), {Kind::code_end, {}}}));
    QVERIFY(!stream.in_code());
    QCOMPARE(stream.tail(), QStringLiteral("Done.\n"));
  }

  void aFenceClosesOnlyWithItsOwnKindAndLength() {
    const Parts parts = split(QStringLiteral("~~~~\n```\n~~~\n~~~~~\n"), 1000);
    QCOMPARE(parts,
             (Parts{{Kind::code_start, {}}, code("```"), code("~~~"), {Kind::code_end, {}}}));
  }

  void codeLinesLoseTheFencesIndentation() {
    const Parts parts = split(QStringLiteral("  ```\n    indented\n  x\n  ```\n"), 1000);
    QCOMPARE(parts,
             (Parts{{Kind::code_start, {}}, code("  indented"), code("x"), {Kind::code_end, {}}}));
  }

  void inlineBackticksDoNotOpenAFence() {
    const Parts parts = split(QStringLiteral("```a``` is inline\n"), 1000);
    QCOMPARE(parts, (Parts{md("```a``` is inline\n")}));
  }

  void finishClosesAnOpenFenceAndFlushesTheTail() {
    const Parts parts = split(QStringLiteral("```\nunfinished"), 1000);
    QCOMPARE(parts, (Parts{{Kind::code_start, {}}, code("unfinished"), {Kind::code_end, {}}}));
  }

  void carriageReturnsBeforeNewlinesAreDropped() {
    const Parts parts = split(QStringLiteral("a\r\n\r\nb\r\n"), 1000);
    QCOMPARE(parts, (Parts{md("a\n\n"), md("b\n")}));
  }

  // However the answer is cut, the parts are the same: the property the transcript relies on.
  void everySplitGivesTheSameParts() {
    const QString answer = QStringLiteral(
        "# Title\n\nSome *text* here\nand there.\n\n1. one\n2. two\n\n```py\nprint('x')\n\n"
        "```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end — ünïcödé.");
    const Parts whole = split(answer, answer.size());
    for (qsizetype size = 1; size < 12; ++size) QCOMPARE(split(answer, size), whole);
  }

  // Lines of an open fence are code whatever they look like: a blank line in the code followed
  // by an unindented line does not make the block around the fence final, which would cut the
  // fence in two (the rest of its code rendered as paragraphs, its closing line opening another).
  void aCodeFenceIsNeverCutWhileOpen() {
    const QString answer =
        QStringLiteral("Build it:\n\n  ```sh\nmake\n\nmake install\n  ```\n\nDone.\n");
    const Parts expected{md("Build it:\n\n"),  {Kind::code_start, QStringLiteral("sh")},
                         code("make"),         code(""),
                         code("make install"), {Kind::code_end, {}},
                         md("\nDone.\n")};
    for (qsizetype size = 1; size <= answer.size(); size += 7)
      QCOMPARE(split(answer, size), expected);
  }

  // A fence indented under a list item is the item's: the list goes on after it, so the fence
  // stays in the list's block, which md4c renders whole.
  void aFenceIndentedUnderAListItemStaysWithTheItem() {
    const QString tight = QStringLiteral("1. Build it:\n   ```sh\n   make\n   ```\n2. Run it.\n");
    QCOMPARE(split(tight, tight.size()),
             (Parts{md("1. Build it:\n   ```sh\n   make\n   ```\n2. Run it.\n")}));
    const QString loose = QStringLiteral(
        "- Build it:\n\n  ```\n  make\n\n  make install\n  ```\n\n- Run it.\n\nDone.\n");
    for (qsizetype size : {qsizetype(1), qsizetype(5), loose.size()}) {
      QCOMPARE(split(loose, size),
               (Parts{md("- Build it:\n\n  ```\n  make\n\n  make install\n  ```\n\n- Run it.\n\n"),
                      md("Done.\n")}));
    }
  }
};

}  // namespace tinychat::gui

QTEST_APPLESS_MAIN(tinychat::gui::MarkdownBlocksTest)
#include "markdown_blocks_test.moc"
