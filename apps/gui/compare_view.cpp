#include "compare_view.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "transcript_view.h"

namespace tinychat::gui {

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("compareView"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* top = new QHBoxLayout;
  prompt_ = new QLabel(this);
  prompt_->setObjectName(QStringLiteral("comparePrompt"));
  prompt_->setWordWrap(true);
  prompt_->setTextFormat(Qt::PlainText);
  prompt_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  leave_ = new QPushButton(tr("Leave Compare"), this);
  leave_->setObjectName(QStringLiteral("leaveCompareButton"));
  leave_->setToolTip(tr("Back to one model; the conversation goes on from the first answer"));
  top->addWidget(prompt_, 1);
  top->addWidget(leave_, 0, Qt::AlignTop);
  layout->addLayout(top);
  row_ = new QWidget(this);
  auto* row = new QHBoxLayout(row_);
  row->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(row_, 1);
  notice_ = new QLabel(this);
  notice_->setObjectName(QStringLiteral("compareNotice"));
  notice_->setWordWrap(true);
  notice_->setVisible(false);
  layout->addWidget(notice_);
  connect(leave_, &QPushButton::clicked, this, &CompareView::leave_requested);
}

void CompareView::clear_columns() {
  for (Column& column : columns_) delete column.box;
  columns_.clear();
}

void CompareView::set_models(const QStringList& models) {
  clear_columns();
  prompt_->setText(tr("Comparing %1: the next message goes to all of them.")
                       .arg(models.join(QStringLiteral(", "))));
  set_notice({});
  leave_->setEnabled(true);
  for (int index = 0; index < models.size(); ++index) {
    Column column;
    column.box = new QWidget(row_);
    column.box->setObjectName(QStringLiteral("compareColumn%1").arg(index));
    auto* layout = new QVBoxLayout(column.box);
    layout->setContentsMargins(0, 0, 0, 0);
    column.name = new QLabel(models[index], column.box);
    column.name->setObjectName(QStringLiteral("compareModel"));
    QFont bold = column.name->font();
    bold.setBold(true);
    column.name->setFont(bold);
    column.answer = new TranscriptView(column.box);
    column.answer->setObjectName(QStringLiteral("compareAnswer"));
    if (text_size_ > 0) column.answer->set_text_size(text_size_);
    // The columns share one frame's budget: a burst into all of them at once costs a frame no
    // more than one answer's burst does.
    column.answer->set_chars_per_frame(TranscriptView::default_chars_per_frame() / models.size());
    column.numbers = new QLabel(column.box);
    column.numbers->setObjectName(QStringLiteral("compareNumbers"));
    column.numbers->setWordWrap(true);
    column.choose = new QPushButton(tr("Continue with this one"), column.box);
    column.choose->setObjectName(QStringLiteral("continueWithThisOne"));
    column.choose->setEnabled(false);
    layout->addWidget(column.name);
    layout->addWidget(column.answer, 1);
    layout->addWidget(column.numbers);
    layout->addWidget(column.choose);
    row_->layout()->addWidget(column.box);
    connect(column.choose, &QPushButton::clicked, this,
            [this, index] { emit continue_requested(index); });
    TranscriptView* answer = column.answer;
    connect(answer, &TranscriptView::action_requested, this,
            [answer](const QString& action, const QString& argument) {
              if (action == QLatin1String("copy-code"))
                QApplication::clipboard()->setText(answer->code_block(argument.toInt()));
            });
    columns_.push_back(column);
  }
}

void CompareView::begin(const QString& prompt, const QStringList& models) {
  QStringList shown;
  for (const Column& column : columns_) shown << column.name->text();
  if (shown != models) set_models(models);
  set_notice({});
  prompt_->setText(prompt);
  for (Column& column : columns_) {
    column.answer->clear_transcript();
    column.numbers->clear();
    column.has_text = false;
    column.answer->begin_reply(column.name->text());
  }
  set_finished(false);
}

void CompareView::append_answer(int column, const QString& piece) {
  if (column < 0 || column >= columns() || piece.isEmpty()) return;
  columns_[static_cast<std::size_t>(column)].has_text = true;
  answer(column).append_answer(piece);
}

void CompareView::append_reasoning(int column, const QString& piece) {
  if (column >= 0 && column < columns()) answer(column).append_reasoning(piece);
}

void CompareView::end_answer(int column, const ReplyOutcome& outcome, const QString& numbers) {
  if (column < 0 || column >= columns()) return;
  answer(column).end_reply(outcome.error, outcome.stopped);
  columns_[static_cast<std::size_t>(column)].numbers->setText(numbers);
}

void CompareView::set_finished(bool finished) {
  for (Column& column : columns_) column.choose->setEnabled(finished && column.has_text);
  leave_->setEnabled(finished);  // not while the answers stream: Stop first
}

void CompareView::set_text_size(qreal points) {
  text_size_ = points;
  for (Column& column : columns_) column.answer->set_text_size(points);
}

void CompareView::set_notice(const QString& text) {
  notice_->setText(text);
  notice_->setVisible(!text.isEmpty());
}

bool CompareView::rendering() const {
  for (const Column& column : columns_) {
    if (column.answer->reply_in_progress()) return true;
  }
  return false;
}

}  // namespace tinychat::gui
