#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

namespace tinychat::gui {

/// tinychat-gui(1) in roff, written by the hidden `tinychat-gui --man` for the build to install.
/// `description` is the parser's (first line "tinychat-gui: what it is."), `options` every
/// option --help lists, so that the page lists exactly those.
QString man_page(const QString& description, const QList<QCommandLineOption>& options,
                 const QString& version);

}  // namespace tinychat::gui
