// The streaming Markdown splitter: which parts become final, and when.

#include "markdown_stream.h"

#include <QTest>

namespace tinychat::gui {

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

// Feeds `text` in pieces of `size` characters; returns every part, finish() included.
Parts split(const QString& text, qsizetype size) {
  MarkdownStream stream;
  Parts parts;
  for (qsizetype at = 0; at < text.size(); at += size) stream.append(text.mid(at, size), parts);
  stream.finish(parts);
  return parts;
}

}  // namespace

class MarkdownStreamTest : public QObject {
  Q_OBJECT

 private slots:
  void aParagraphIsFinalOnlyOnceTheNextBlockBegins() {
    MarkdownStream stream;
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
    MarkdownStream stream;
    Parts parts;
    stream.append(u"Intro\n## Steps\nNext", parts);
    QCOMPARE(parts, (Parts{md("Intro\n"), md("## Steps\n")}));
    QCOMPARE(stream.tail(), QStringLiteral("Next"));
  }

  void fencedCodeIsPassedOnLineByLine() {
    MarkdownStream stream;
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
};

}  // namespace tinychat::gui

QTEST_APPLESS_MAIN(tinychat::gui::MarkdownStreamTest)
#include "markdown_stream_test.moc"
