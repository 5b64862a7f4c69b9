#pragma once

#include <QString>

#include "tinychat/conversation.h"

namespace tinychat::gui {

enum class ExportFormat { text, markdown, json };

/// The save dialog's name filters, one per format, in ExportFormat order.
QStringList export_name_filters();
/// The format a name filter stands for; text when unknown.
ExportFormat export_format_for_filter(const QString& filter);
/// The format a file name's extension implies, or `fallback`.
ExportFormat export_format_for_file(const QString& path, ExportFormat fallback);
/// "txt", "md" or "json".
QString export_suffix(ExportFormat format);

/// Writes `history` to `path` in `format`, atomically (a file that exists is replaced only once
/// the new one is complete). Returns an error message, or an empty string.
QString write_export(const History& history, ExportFormat format, const QString& path);

}  // namespace tinychat::gui
