// What the transcript shows, and that streaming re-renders only the unfinished tail.

#include "transcript_view.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>

#include "transcript_style.h"

namespace tinychat::gui {

namespace {

QTextBlock block_with(const QTextDocument* document, const QString& text) {
  for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
    if (block.text().contains(text)) return block;
  }
  return {};
}

QTextCharFormat format_of(const QTextDocument* document, const QString& text) {
  const QTextBlock block = block_with(document, text);
  for (auto it = block.begin(); !it.atEnd(); ++it) {
    if (it.fragment().text().contains(text)) return it.fragment().charFormat();
  }
  return {};
}

const QString kAnswer = QStringLiteral(
    "# Plan\n\nFirst *emphasis* and **bold** with `inline` and a "
    "[link](https://example.com/docs).\n\n- apples\n- pears\n\n```cpp\nint main() {}\n```\n\n"
    "Done.");

// Streams `text` in pieces of `size` characters, rendering after each, then ends the reply.
void stream_into(TranscriptView& view, const QString& text, qsizetype size) {
  view.begin_reply(QStringLiteral("model-x"));
  for (qsizetype at = 0; at < text.size(); at += size) {
    view.append_answer(text.mid(at, size));
    view.render_pending();  // a frame after every piece: the tail is replaced each time
  }
  view.end_reply({}, false);
}

}  // namespace

class TranscriptViewTest : public QObject {
  Q_OBJECT

 private slots:
  void rendersTheMarkdownOfAnAnswer() {
    TranscriptView view;
    stream_into(view, kAnswer, kAnswer.size());
    const QTextDocument* doc = view.document();
    QCOMPARE(block_with(doc, QStringLiteral("Plan")).blockFormat().headingLevel(), 1);
    QVERIFY(format_of(doc, QStringLiteral("emphasis")).fontItalic());
    QCOMPARE(format_of(doc, QStringLiteral("bold")).fontWeight(), int(QFont::Bold));
    QVERIFY(format_of(doc, QStringLiteral("link")).isAnchor());
    QCOMPARE(format_of(doc, QStringLiteral("link")).anchorHref(),
             QStringLiteral("https://example.com/docs"));
    QVERIFY(block_with(doc, QStringLiteral("apples")).textList() != nullptr);
    QCOMPARE(block_with(doc, QStringLiteral("apples")).textList(),
             block_with(doc, QStringLiteral("pears")).textList());
    const QTextBlock code = block_with(doc, QStringLiteral("int main() {}"));
    QVERIFY(format_of(doc, QStringLiteral("int main() {}")).fontFixedPitch());
    QCOMPARE(code.blockFormat().background().color(), colors::code_background);
    QVERIFY(block_with(doc, QStringLiteral("Done.")).isValid());
    QVERIFY(!view.toPlainText().contains(QStringLiteral("```")));
    QVERIFY(!view.toPlainText().contains(QStringLiteral("**")));
  }

  void streamingTokenByTokenEndsAsRenderingAtOnce() {
    TranscriptView at_once;
    stream_into(at_once, kAnswer, kAnswer.size());
    for (qsizetype size : {1, 3, 7}) {
      TranscriptView streamed;
      stream_into(streamed, kAnswer, size);
      QCOMPARE(streamed.toPlainText(), at_once.toPlainText());
      QCOMPARE(block_with(streamed.document(), QStringLiteral("Plan")).blockFormat().headingLevel(),
               1);
    }
  }

  // The property that keeps a long answer cheap: once a block is final, no later render touches
  // it; each render replaces only the unfinished tail.
  void finalBlocksAreNeverRenderedAgain() {
    TranscriptView view;
    view.add_user_turn(QStringLiteral("question"));
    view.begin_reply(QStringLiteral("m"));
    int lowest_change = std::numeric_limits<int>::max();
    connect(view.document(), &QTextDocument::contentsChange, &view,
            [&](int position, int, int) { lowest_change = std::min(lowest_change, position); });
    view.append_answer(QStringLiteral("Paragraph one is done.\n\n"));
    view.append_answer(QStringLiteral("Paragraph two begins"));
    QTRY_VERIFY(view.toPlainText().contains(QStringLiteral("Paragraph two begins")));
    const int tail_start = block_with(view.document(), QStringLiteral("Paragraph two")).position();
    lowest_change = std::numeric_limits<int>::max();
    const int renders_before = view.render_count();
    for (int i = 0; i < 50; ++i) {
      view.append_answer(QStringLiteral(" and goes on"));
      view.render_pending();
    }
    QCOMPARE(view.render_count() - renders_before, 50);
    view.end_reply({}, false);
    QVERIFY2(lowest_change >= tail_start - 1,
             qPrintable(QStringLiteral("%1 %2").arg(lowest_change).arg(tail_start)));
    QCOMPARE(view.toPlainText().count(QStringLiteral("Paragraph one")), 1);
    QCOMPARE(view.toPlainText().count(QStringLiteral("and goes on")), 50);
  }

  void piecesArrivingFasterThanFramesAreRenderedTogether() {
    TranscriptView view;
    view.begin_reply(QStringLiteral("m"));
    for (int i = 0; i < 200; ++i) view.append_answer(QStringLiteral("word "));
    QCOMPARE(view.render_count(), 0);  // nothing until the frame comes
    QTRY_COMPARE(view.render_count(), 1);
    QCOMPARE(view.toPlainText().count(QStringLiteral("word")), 200);
    view.end_reply({}, false);
  }

  // A long answer arriving at once (a fast local model) must not freeze the window: it renders
  // a frame's worth at a time, and what is added meanwhile still comes after it.
  void aBurstRendersOverSeveralFramesAndKeepsItsOrder() {
    QString burst;
    for (int i = 0; i < 2000; ++i) burst += QStringLiteral("Paragraph %1 of the burst.\n\n").arg(i);
    TranscriptView view;
    view.begin_reply(QStringLiteral("m"));
    view.append_answer(burst);
    view.end_reply({}, false);
    QVERIFY(view.reply_in_progress());  // one frame did not take it all
    view.add_notice(QStringLiteral("Added after the answer."));
    QVERIFY(!view.reply_in_progress());
    QVERIFY(view.render_count() > 5);
    const QString text = view.toPlainText();
    QVERIFY(text.contains(QStringLiteral("Paragraph 1999 of the burst.")));
    QVERIFY(text.endsWith(QStringLiteral("Added after the answer.")));

    TranscriptView left_alone;
    left_alone.begin_reply(QStringLiteral("m"));
    left_alone.append_answer(burst);
    left_alone.end_reply(QStringLiteral("boom"), false);
    QTRY_VERIFY_WITH_TIMEOUT(!left_alone.reply_in_progress(), 10000);
    QVERIFY(left_alone.toPlainText().endsWith(QStringLiteral("boom")));
  }

  void reasoningIsDimAndSitsBeforeTheAnswer() {
    TranscriptView view;
    view.begin_reply(QStringLiteral("m"));
    view.append_answer(QStringLiteral("The answer."));
    view.render_pending();
    view.append_reasoning(QStringLiteral("Thinking it over."));  // late: still placed above
    view.end_reply({}, false);
    const QString text = view.toPlainText();
    QVERIFY(text.indexOf(QStringLiteral("Thinking it over.")) <
            text.indexOf(QStringLiteral("The answer.")));
    const QTextCharFormat reasoning = format_of(view.document(), QStringLiteral("Thinking"));
    QCOMPARE(reasoning.foreground().color(), colors::dim);
    QVERIFY(reasoning.fontItalic());
  }

  void textCanBeSelectedAndCopied() {
    TranscriptView view;
    view.add_user_turn(QStringLiteral("question"));
    stream_into(view, kAnswer, 5);
    QVERIFY(view.textInteractionFlags() & Qt::TextSelectableByMouse);
    view.selectAll();
    view.copy();
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY(copied.contains(QStringLiteral("question")));
    QVERIFY(copied.contains(QStringLiteral("int main() {}")));
  }

  void followsTheEndUnlessTheUserScrolledUp() {
    TranscriptView view;
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.begin_reply(QStringLiteral("m"));
    for (int i = 0; i < 60; ++i) {
      view.append_answer(QStringLiteral("Line %1 of a long answer.\n\n").arg(i));
      view.render_pending();
    }
    QScrollBar* bar = view.verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    bar->setValue(0);  // the user goes back up to read
    for (int i = 0; i < 20; ++i) {
      view.append_answer(QStringLiteral("More %1.\n\n").arg(i));
      view.render_pending();
    }
    QCOMPARE(bar->value(), 0);
    view.end_reply({}, false);
  }

  void userTurnsAreShownAsTyped() {
    TranscriptView view;
    view.add_user_turn(QStringLiteral("**not bold**\nsecond line"));
    QVERIFY(view.toPlainText().contains(QStringLiteral("**not bold**\nsecond line")));
  }

  void errorsAndStopsAreMarked() {
    TranscriptView view;
    view.begin_reply(QStringLiteral("m"));
    view.append_answer(QStringLiteral("Half"));
    view.end_reply(QStringLiteral("Server responded with an error. Status Code: 500: boom"), false);
    QCOMPARE(format_of(view.document(), QStringLiteral("Status Code: 500")).foreground().color(),
             colors::error);
    QVERIFY(view.toPlainText().contains(QStringLiteral("Half")));
    view.begin_reply(QStringLiteral("m"));
    view.end_reply({}, true);
    QVERIFY(view.toPlainText().contains(QStringLiteral("Stopped before any answer arrived.")));
  }

  void onlyWebAndMailLinksOpenWhenClicked() {
    // A link in an answer used to open with whatever the desktop runs for its scheme, file:
    // included.
    TranscriptView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QList<QUrl> opened;
    view.set_link_opener([&](const QUrl& url) { opened.append(url); });
    const QString answer = QStringLiteral(
        "[web](https://example.com/a)\n\n[file](file:///etc/passwd)\n\n"
        "[mail](mailto:someone@example.com)\n\n[share](smb://host/share)\n\n"
        "[run](x-scheme-handler:calc)\n\nend\n");
    stream_into(view, answer, answer.size());
    for (const QString& label :
         {QStringLiteral("web"), QStringLiteral("file"), QStringLiteral("mail"),
          QStringLiteral("share"), QStringLiteral("run")}) {
      const QTextBlock block = block_with(view.document(), label);
      QVERIFY2(block.isValid(), qPrintable(label));
      QTextCursor cursor(block);
      cursor.setPosition(block.position() + 1);
      const QPoint where = view.cursorRect(cursor).center();
      QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, where);
    }
    QCOMPARE(opened, (QList<QUrl>{QUrl(QStringLiteral("https://example.com/a")),
                                  QUrl(QStringLiteral("mailto:someone@example.com"))}));
  }

  void openableLinksAreWebAndMailOnly() {
    QVERIFY(is_openable_link(QUrl(QStringLiteral("HTTPS://example.com"))));
    QVERIFY(is_openable_link(QUrl(QStringLiteral("http://127.0.0.1:8080/x"))));
    QVERIFY(!is_openable_link(QUrl(QStringLiteral("file:///home/u/.ssh/id_rsa"))));
    QVERIFY(!is_openable_link(QUrl(QStringLiteral("javascript:alert(1)"))));
    QVERIFY(!is_openable_link(QUrl(QStringLiteral("/etc/passwd"))));
  }

  void tablesHaveOneThinBorderAndPaddingAndQuotesAnIndent() {
    TranscriptView view;
    const QString answer =
        QStringLiteral("| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted words\n\nAfter.");
    stream_into(view, answer, answer.size());
    view.settle();
    QTextTable* table = nullptr;
    for (QTextFrame* frame : view.document()->rootFrame()->childFrames())
      if (auto* found = qobject_cast<QTextTable*>(frame)) table = found;
    QVERIFY(table);
    QCOMPARE(table->format().border(), 1.0);
    QVERIFY(table->format().borderCollapse());
    QCOMPARE(table->format().cellPadding(), 5.0);
    const QTextBlock quote = block_with(view.document(), QStringLiteral("quoted words"));
    QCOMPARE(quote.blockFormat().intProperty(QTextFormat::BlockQuoteLevel), 1);
    QCOMPARE(quote.blockFormat().leftMargin(), 14.0);
    view.resize(400, 300);
    view.show();
    QVERIFY(!view.grab().isNull());  // the bar is painted without trouble
  }

  void codeBlocksHaveTheirLanguageAndACopyLinkForExactlyTheCode() {
    TranscriptView view;
    const QString answer = QStringLiteral("```rust\nfn main() {\n}\n```\n\n```\nplain\n```");
    stream_into(view, answer, 3);  // streamed in small pieces: lines arrive split
    view.settle();
    QVERIFY(view.toPlainText().contains(QStringLiteral("rust   Copy")));
    QVERIFY(view.toPlainText().contains(QStringLiteral("code   Copy")));
    QCOMPARE(view.code_block(0), QStringLiteral("fn main() {\n}"));
    QCOMPARE(view.code_block(1), QStringLiteral("plain"));
    QCOMPARE(view.code_block(2), QString());
  }

  void clearForgetsEverything() {
    TranscriptView view;
    view.add_user_turn(QStringLiteral("q"));
    view.begin_reply(QStringLiteral("m"));
    view.append_answer(QStringLiteral("a"));
    view.clear_transcript();
    QVERIFY(!view.reply_in_progress());
    QCOMPARE(view.toPlainText(), QString());
    QTest::qWait(30);  // a render still scheduled must not bring anything back
    QCOMPARE(view.toPlainText(), QString());
  }

  // The lines of an open fence are its code, blank lines and unindented lines included: the
  // fence is never cut in two, its rest shown as paragraphs and its closing line as text.
  void aCodeFenceIsNeverCutWhileOpen() {
    const QString answer =
        QStringLiteral("Build it:\n\n  ```sh\nmake\n\nmake install\n  ```\n\nDone.\n");
    for (qsizetype size : {answer.size(), qsizetype(3)}) {
      TranscriptView view;
      stream_into(view, answer, size);
      view.settle();
      const QTextDocument* doc = view.document();
      QCOMPARE(view.code_block(0), QStringLiteral("make\n\nmake install"));
      QVERIFY(format_of(doc, QStringLiteral("make install")).fontFixedPitch());
      QVERIFY(!format_of(doc, QStringLiteral("Done.")).fontFixedPitch());
      QVERIFY(!view.toPlainText().contains(QStringLiteral("```")));
    }
  }

  // A fence indented under a list item is the item's: the list goes on after the code, numbered
  // on, and the code shows as code within the item, not as an item of its own. Tight and loose.
  void aFenceIndentedUnderAListItemStaysWithTheItem() {
    const QString tight = QStringLiteral("1. Build it:\n   ```sh\n   make\n   ```\n2. Run it.\n");
    const QString loose =
        QStringLiteral("1. Build it:\n\n   ```sh\n   make\n   ```\n\n2. Run it.\n");
    for (const QString& answer : {tight, loose}) {
      for (qsizetype size : {answer.size(), qsizetype(3)}) {
        TranscriptView view;
        stream_into(view, answer, size);
        view.settle();
        const QTextDocument* doc = view.document();
        const QTextBlock build = block_with(doc, QStringLiteral("Build it:"));
        const QTextBlock run = block_with(doc, QStringLiteral("Run it."));
        QVERIFY(build.textList() != nullptr);
        QCOMPARE(run.textList(), build.textList());
        QCOMPARE(run.textList()->itemNumber(run), 1);  // "2.", not a new list's "1."
        const QTextBlock make = block_with(doc, QStringLiteral("make"));
        QVERIFY(make.textList() == nullptr);
        QVERIFY(format_of(doc, QStringLiteral("make")).fontFixedPitch());
        QCOMPARE(make.blockFormat().background().color(), colors::code_background);
        QVERIFY(!format_of(doc, QStringLiteral("Run it.")).fontFixedPitch());
        QVERIFY(!run.blockFormat().nonBreakableLines());
        QVERIFY(!view.toPlainText().contains(QStringLiteral("```")));
      }
    }
  }

  // Code that Qt's reader renders inside a Markdown part (under a list item, in a quote) gets the
  // header and Copy link that a fence of its own has, numbered in the order the code comes.
  void codeInAListItemOrAQuoteHasACopyLinkForExactlyItsCode() {
    const QString answer = QStringLiteral(
        "```sh\ncd build\n```\n\n1. Build it:\n   ```sh\n   make\n   make install\n   ```\n"
        "2. Run it.\n\n> Then:\n>\n> ```\n> ./app\n> ```\n");
    for (qsizetype size : {answer.size(), qsizetype(3)}) {
      TranscriptView view;
      stream_into(view, answer, size);
      view.settle();
      QCOMPARE(view.code_block(0), QStringLiteral("cd build"));
      QCOMPARE(view.code_block(1), QStringLiteral("make\nmake install"));
      QCOMPARE(view.code_block(2), QStringLiteral("./app"));
      QCOMPARE(view.code_block(3), QString());
      const QString text = view.toPlainText();
      QCOMPARE(text.count(QStringLiteral("sh   Copy")), 2);
      QCOMPARE(text.count(QStringLiteral("code   Copy")), 1);
      const QTextDocument* doc = view.document();
      // The header stands over its code, outside the list, which numbers on after the code.
      const QTextBlock make = block_with(doc, QStringLiteral("make"));
      const QTextBlock header = make.previous();
      QCOMPARE(header.text(), QStringLiteral("sh   Copy"));
      QVERIFY(header.textList() == nullptr);
      QCOMPARE(header.blockFormat().indent(), make.blockFormat().indent());
      QCOMPARE(header.blockFormat().leftMargin(), make.blockFormat().leftMargin());
      QCOMPARE(header.blockFormat().bottomMargin(), 0.0);  // it touches its code
      QCOMPARE(make.blockFormat().topMargin(), 0.0);
      const QTextBlock run = block_with(doc, QStringLiteral("Run it."));
      QCOMPARE(run.textList(), block_with(doc, QStringLiteral("Build it:")).textList());
      QCOMPARE(run.textList()->itemNumber(run), 1);
      // In the quote, at the quote's level.
      const QTextBlock app = block_with(doc, QStringLiteral("./app"));
      QCOMPARE(app.previous().blockFormat().intProperty(QTextFormat::BlockQuoteLevel),
               app.blockFormat().intProperty(QTextFormat::BlockQuoteLevel));
    }
  }

  // A frame renders so many UTF-16 code units; an emoji (a surrogate pair) at the limit waits
  // for the next frame whole. Its halves apart would each become U+FFFD in the splitter's UTF-8.
  void aFrameNeverSplitsASurrogatePair() {
    TranscriptView view;
    view.set_chars_per_frame(256);
    const QString answer = QString(255, u'a') + QStringLiteral("\U0001F600 and \u00FC after.");
    view.begin_reply(QStringLiteral("m"));
    view.append_answer(answer);
    view.render_pending();  // 255 units: the pair's first half stays pending
    view.end_reply({}, false);
    view.settle();
    QVERIFY(view.toPlainText().contains(QStringLiteral("\U0001F600 and \u00FC after.")));
    QVERIFY(!view.toPlainText().contains(QChar::ReplacementCharacter));
  }
};

}  // namespace tinychat::gui

QTEST_MAIN(tinychat::gui::TranscriptViewTest)
#include "transcript_view_test.moc"
