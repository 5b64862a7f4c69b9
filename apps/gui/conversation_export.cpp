#include "conversation_export.h"

#include <QFileInfo>
#include <QStringList>
#include <filesystem>

#include "tinychat/export.h"
#include "tinychat/private_file.h"

namespace tinychat::gui {

QStringList export_name_filters() {
  return {QObject::tr("Plain text (You: / LLM:) (*.txt)"), QObject::tr("Markdown (*.md)"),
          QObject::tr("JSON (*.json)")};
}

ExportFormat export_format_for_filter(const QString& filter) {
  const QStringList filters = export_name_filters();
  if (filter == filters[1]) return ExportFormat::markdown;
  if (filter == filters[2]) return ExportFormat::json;
  return ExportFormat::text;
}

ExportFormat export_format_for_file(const QString& path, ExportFormat fallback) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
    return ExportFormat::markdown;
  if (suffix == QLatin1String("json")) return ExportFormat::json;
  if (suffix == QLatin1String("txt")) return ExportFormat::text;
  return fallback;
}

QString export_suffix(ExportFormat format) {
  switch (format) {
    case ExportFormat::markdown:
      return QStringLiteral("md");
    case ExportFormat::json:
      return QStringLiteral("json");
    case ExportFormat::text:
      break;
  }
  return QStringLiteral("txt");
}

QString write_export(const History& history, ExportFormat format, const QString& path) {
  std::string bytes;
  switch (format) {
    case ExportFormat::text:
      bytes = export_text(history);
      if (!bytes.empty()) bytes += '\n';
      break;
    case ExportFormat::markdown:
      bytes = export_markdown(history);
      break;
    case ExportFormat::json:
      bytes = export_json(history);
      break;
  }
  // Private (0600) and whole or not at all, as the command line's exports: QSaveFile would make
  // the file as the umask says, readable by everyone on most systems. The file dialog has
  // already asked before replacing a file.
  const std::filesystem::path file(path.toStdString());
  if (const std::error_code error = write_private_file(file, bytes)) {
    return QObject::tr("Could not write %1: %2").arg(path, QString::fromStdString(error.message()));
  }
  return {};
}

}  // namespace tinychat::gui
