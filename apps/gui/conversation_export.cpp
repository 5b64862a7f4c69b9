#include "conversation_export.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>

#include "tinychat/export.h"

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
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
  }
  file.write(bytes.data(), static_cast<qint64>(bytes.size()));
  if (!file.commit()) return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
  return {};
}

}  // namespace tinychat::gui
