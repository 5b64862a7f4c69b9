#include "conversation_list.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QShortcut>
#include <QStyledItemDelegate>
#include <QVBoxLayout>
#include <optional>
#include <set>

#include "history_time.h"

namespace tinychat::gui {

namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kDetailRole = Qt::UserRole + 1;  // model and time, or the matched words
constexpr int kTitleRole = Qt::UserRole + 2;   // the stored title, to tell a rename apart
constexpr int kHeaderRole = Qt::UserRole + 3;

// Two lines per conversation: the title, then the detail in small dimmed type, with the matched
// words of a search in bold. Group headers are one small line.
class ConversationDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;

  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    const QFontMetrics metrics(option.font);
    if (index.data(kHeaderRole).toBool()) return {100, metrics.height() + 10};
    return {100, metrics.height() * 2 + 12};
  }

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    painter->save();
    const QRect area = option.rect.adjusted(8, 4, -8, -4);
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.85);
    QColor dim = option.palette.color(QPalette::PlaceholderText);
    if (index.data(kHeaderRole).toBool()) {
      small.setBold(true);
      painter->setFont(small);
      painter->setPen(dim);
      painter->drawText(area, Qt::AlignLeft | Qt::AlignBottom, index.data().toString());
      painter->restore();
      return;
    }
    base.text.clear();  // the background and selection only
    base.widget->style()->drawControl(QStyle::CE_ItemViewItem, &base, painter, base.widget);
    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    if (selected) dim = text;
    const QFontMetrics metrics(option.font);
    painter->setFont(option.font);
    painter->setPen(text);
    const QRect title(area.left(), area.top(), area.width(), metrics.height());
    painter->drawText(title, Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(index.data().toString(), Qt::ElideRight, area.width()));
    draw_detail(painter, index.data(kDetailRole).toString(), small, dim,
                QRect(area.left(), title.bottom() + 2, area.width(), metrics.height()));
    painter->restore();
  }

 private:
  // The detail line, its marked words in bold, cut at the right edge.
  static void draw_detail(QPainter* painter, const QString& detail, const QFont& font,
                          const QColor& colour, const QRect& rect) {
    painter->setPen(colour);
    int x = rect.left();
    bool bold = false;
    QString piece;
    auto flush = [&] {
      if (piece.isEmpty() || x >= rect.right()) return;
      QFont f = font;
      f.setBold(bold);
      painter->setFont(f);
      const QFontMetrics metrics(f);
      const QString shown = metrics.elidedText(piece, Qt::ElideRight, rect.right() - x);
      painter->drawText(QRect(x, rect.top(), rect.right() - x, rect.height()),
                        Qt::AlignLeft | Qt::AlignVCenter, shown);
      x += metrics.horizontalAdvance(shown);
      piece.clear();
    };
    for (const QChar c : detail) {
      if (c == QChar(ConversationList::kMatchStart) || c == QChar(ConversationList::kMatchEnd)) {
        flush();
        bold = c == QChar(ConversationList::kMatchStart);
      } else {
        piece += c == QChar('\n') ? QChar(' ') : c;
      }
    }
    flush();
  }
};

QString detail_of(const ConversationSummary& summary, const QDateTime& now) {
  const QString when = relative_time(summary.updated_ms, now);
  if (summary.model.empty()) return when;
  return QString::fromStdString(summary.model) + QStringLiteral(" · ") + when;
}

QString title_of(const ConversationSummary& summary) {
  return summary.title.empty() ? QObject::tr("(untitled)") : QString::fromStdString(summary.title);
}

}  // namespace

ConversationList::ConversationList(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("conversationList"));
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(6, 6, 0, 0);
  search_ = new QLineEdit(this);
  search_->setObjectName(QStringLiteral("searchField"));
  search_->setPlaceholderText(tr("Search conversations (Ctrl+K)"));
  search_->setClearButtonEnabled(true);
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("conversationItems"));
  list_->setItemDelegate(new ConversationDelegate(list_));
  list_->setUniformItemSizes(false);
  list_->setEditTriggers(QAbstractItemView::EditKeyPressed);
  list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  column->addWidget(search_);
  column->addWidget(list_, 1);

  connect(search_, &QLineEdit::textChanged, this,
          [this](const QString& words) { emit search_changed(words.trimmed()); });
  // Enter in the search field opens the first result (the window's Escape clears the field).
  connect(search_, &QLineEdit::returnPressed, this, [this] {
    for (int row = 0; row < list_->count(); ++row) {
      if (!list_->item(row)->data(kHeaderRole).toBool()) {
        list_->setCurrentRow(row);
        emit open_requested(list_->item(row)->data(kIdRole).toString());
        return;
      }
    }
  });
  connect(list_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    if (!item->data(kHeaderRole).toBool()) emit open_requested(item->data(kIdRole).toString());
  });
  connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    if (!item->data(kHeaderRole).toBool()) emit open_requested(item->data(kIdRole).toString());
  });
  connect(list_, &QListWidget::itemChanged, this, &ConversationList::on_item_changed);
  // A double click renames: its first click has opened the conversation already.
  connect(list_, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
    if (!item->data(kHeaderRole).toBool()) list_->editItem(item);
  });
  // The same for the mouse: a right click offers Rename and Delete.
  list_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(list_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    QListWidgetItem* item = list_->itemAt(at);
    if (!item || item->data(kHeaderRole).toBool()) return;
    list_->setCurrentItem(item);
    QMenu menu(this);
    menu.addAction(tr("Rename"), this, &ConversationList::rename_current);
    menu.addAction(tr("Delete"), this,
                   [this, id = item->data(kIdRole).toString()] { emit delete_requested(id); });
    menu.exec(list_->viewport()->mapToGlobal(at));
  });
  connect(new QShortcut(QKeySequence::Delete, list_, nullptr, nullptr, Qt::WidgetShortcut),
          &QShortcut::activated, this, [this] {
            if (const QString id = current_id(); !id.isEmpty()) emit delete_requested(id);
          });
}

void ConversationList::add_header(const QString& name) {
  auto* item = new QListWidgetItem(name, list_);
  item->setData(kHeaderRole, true);
  item->setFlags(Qt::NoItemFlags);
}

QListWidgetItem* ConversationList::add_conversation(const QString& id, const QString& title,
                                                    const QString& detail) {
  auto* item = new QListWidgetItem(title, list_);
  item->setData(kIdRole, id);
  item->setData(kTitleRole, title);
  item->setData(kDetailRole, detail);
  item->setToolTip(title);
  item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable);
  return item;
}

void ConversationList::show_conversations(const std::vector<ConversationSummary>& conversations,
                                          const QString& current, const QDateTime& now) {
  filling_ = true;
  const int scrolled = list_->verticalScrollBar()->value();
  list_->clear();
  std::optional<DayGroup> group;
  for (const ConversationSummary& summary : conversations) {
    const DayGroup its = day_group(summary.updated_ms, now);
    if (its != group) {
      group = its;
      add_header(day_group_name(its));
    }
    add_conversation(QString::fromStdString(summary.id), title_of(summary),
                     detail_of(summary, now));
  }
  set_current(current);
  list_->verticalScrollBar()->setValue(scrolled);
  filling_ = false;
}

void ConversationList::show_search_results(const std::vector<SearchHit>& hits,
                                           const QString& current) {
  filling_ = true;
  list_->clear();
  std::set<std::string> shown;
  for (const SearchHit& hit : hits) {
    if (!shown.insert(hit.conversation.id).second) continue;
    add_conversation(QString::fromStdString(hit.conversation.id), title_of(hit.conversation),
                     QString::fromStdString(hit.snippet));
  }
  if (shown.empty()) add_header(tr("No conversation matches."));
  set_current(current);
  filling_ = false;
}

void ConversationList::set_current(const QString& id) {
  const bool was_filling = filling_;
  filling_ = true;
  list_->setCurrentItem(nullptr);
  list_->clearSelection();
  for (int row = 0; !id.isEmpty() && row < list_->count(); ++row) {
    if (list_->item(row)->data(kIdRole).toString() == id) {
      list_->setCurrentRow(row);
      break;
    }
  }
  filling_ = was_filling;
}

QString ConversationList::current_id() const {
  const QListWidgetItem* item = list_->currentItem();
  return item ? item->data(kIdRole).toString() : QString();
}

void ConversationList::rename_current() {
  if (QListWidgetItem* item = list_->currentItem(); item && !item->data(kHeaderRole).toBool())
    list_->editItem(item);
}

bool ConversationList::renaming() const {
  // The item editor is a line edit inside the list, with the focus while it is open.
  QWidget* focus = QApplication::focusWidget();
  return focus && list_->isAncestorOf(focus) && qobject_cast<QLineEdit*>(focus);
}

void ConversationList::on_item_changed(QListWidgetItem* item) {
  if (filling_) return;
  const QString title = item->text().simplified();
  const QString stored = item->data(kTitleRole).toString();
  if (title.isEmpty() || title == stored) {
    filling_ = true;
    item->setText(stored);
    filling_ = false;
    return;
  }
  filling_ = true;
  item->setData(kTitleRole, title);
  item->setText(title);
  filling_ = false;
  // After the editor has closed: the list is filled anew on a rename.
  QMetaObject::invokeMethod(
      this,
      [this, id = item->data(kIdRole).toString(), title] { emit rename_requested(id, title); },
      Qt::QueuedConnection);
}

}  // namespace tinychat::gui
