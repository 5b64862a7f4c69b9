#pragma once

#include <QDateTime>
#include <QWidget>
#include <vector>

#include "tinychat/store.h"

class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace tinychat::gui {

/// The sidebar: a search field over the list of stored conversations, newest first, grouped
/// Today / Yesterday / Earlier, each with its title, model and how long ago it changed. A click
/// (or Enter) opens one; F2 or a double click renames it in place; Delete asks to delete it.
class ConversationList : public QWidget {
  Q_OBJECT

 public:
  /// Marks the matched words in search snippets (Store::search's markers).
  static constexpr char kMatchStart = '\x02';
  static constexpr char kMatchEnd = '\x03';

  explicit ConversationList(QWidget* parent = nullptr);

  /// Shows `conversations`, newest first, grouped by day as seen at `now`; `current_id` is
  /// selected.
  void show_conversations(const std::vector<ConversationSummary>& conversations,
                          const QString& current_id, const QDateTime& now);
  /// Shows the conversations that `hits` (newest first) found, once each, with the matched words
  /// of their newest matching message.
  void show_search_results(const std::vector<SearchHit>& hits, const QString& current_id);
  /// Selects `id` (none when empty or not listed).
  void set_current(const QString& id);
  /// The selected conversation's id; empty when none.
  QString current_id() const;
  /// Starts renaming the selected conversation in place.
  void rename_current();
  /// Whether a rename is being typed.
  bool renaming() const;

  QLineEdit* search_field() const { return search_; }
  QListWidget* list() const { return list_; }

 signals:
  void open_requested(const QString& id);
  void rename_requested(const QString& id, const QString& title);
  void delete_requested(const QString& id);
  /// The search field's words changed (empty: the field was cleared).
  void search_changed(const QString& words);

 private:
  void add_header(const QString& name);
  QListWidgetItem* add_conversation(const QString& id, const QString& title, const QString& detail);
  void on_item_changed(QListWidgetItem* item);

  QLineEdit* search_ = nullptr;
  QListWidget* list_ = nullptr;
  bool filling_ = false;  // itemChanged is the user's rename only outside show_*()
};

}  // namespace tinychat::gui
