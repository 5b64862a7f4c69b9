#pragma once

#include <QObject>
#include <QTimer>
#include <functional>
#include <string>

namespace tinychat::gui {

/// A deletion that can still be taken back: the conversation is hidden at once and deleted for
/// real only when the undo time runs out, another deletion follows, or the window closes, so
/// that an Undo never has anything to restore.
class PendingDeletion : public QObject {
  Q_OBJECT

 public:
  using Deleter = std::function<void(const std::string& id)>;

  PendingDeletion(Deleter deleter, int undo_ms, QObject* parent = nullptr);
  /// Deletes what is still pending.
  ~PendingDeletion() override;

  /// `id` is to be deleted; a deletion still pending is carried out first.
  void schedule(const std::string& id);
  /// Takes the pending deletion back; returns its id (empty when none was pending).
  std::string undo();
  /// Carries out the pending deletion now.
  void commit();
  /// The conversation waiting to be deleted; empty when none.
  const std::string& pending() const { return id_; }

 signals:
  /// The pending deletion was carried out or taken back: the Undo offer ends.
  void settled();

 private:
  Deleter deleter_;
  QTimer timer_;
  std::string id_;
};

}  // namespace tinychat::gui
