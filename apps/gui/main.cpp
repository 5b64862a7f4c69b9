#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <cstdio>
#include <cstdlib>

#include "main_window.h"
#include "man_page.h"
#include "theme.h"
#include "tinychat/version.h"

namespace {

// Reads -p, -m, --base-url and --db. --help, --version, --man and mistakes end the program here,
// before a display is needed: `tinychat-gui --help` works over ssh, and the build runs --man.
void parse_command_line(int argc, char** argv, tinychat::gui::GuiEnvironment& environment) {
  QCoreApplication probe(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("tinychat-gui"));
  QCoreApplication::setApplicationVersion(QString::fromUtf8(tinychat::kVersion));
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "tinychat-gui: a desktop window for the chat APIs of language models.\n"
      "Keys come from the same environment variables and config file as the tinychat command "
      "(see tinychat --help); Settings in the window writes that file."));
  // addHelpOption() also adds --help-all, which it does not return: the man page needs it.
  const QCommandLineOption help = parser.addHelpOption();
  const QCommandLineOption help_all(QStringLiteral("help-all"),
                                    QStringLiteral("Displays help including Qt specific options."));
  const QCommandLineOption version = parser.addVersionOption();
  const QCommandLineOption provider({QStringLiteral("p"), QStringLiteral("provider")},
                                    QStringLiteral("Provider or configured endpoint to start on."),
                                    QStringLiteral("PROVIDER"));
  const QCommandLineOption model({QStringLiteral("m"), QStringLiteral("model")},
                                 QStringLiteral("Model to start on."), QStringLiteral("MODEL"));
  const QCommandLineOption base_url(
      QStringLiteral("base-url"),
      QStringLiteral("API base URL for that provider, e.g. http://localhost:11434/v1."),
      QStringLiteral("URL"));
  const QCommandLineOption db(
      QStringLiteral("db"),
      QStringLiteral("The conversation store, a SQLite file (default: TINYCHAT_DB, else "
                     "~/.local/share/tinychat/tinychat.db), shared with the tinychat command."),
      QStringLiteral("FILE"));
  QCommandLineOption man(QStringLiteral("man"), QStringLiteral("Print the man page (roff)."));
  man.setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOptions({provider, model, base_url, db, man});
  parser.process(probe);
  if (parser.isSet(man)) {
    const QByteArray page =
        tinychat::gui::man_page(parser.applicationDescription(),
                                {help, help_all, version, provider, model, base_url, db},
                                QCoreApplication::applicationVersion())
            .toUtf8();
    std::fwrite(page.data(), 1, static_cast<std::size_t>(page.size()), stdout);
    std::exit(std::fflush(stdout) == 0 ? 0 : 1);
  }
  environment.choice = {parser.value(provider).toStdString(), parser.value(model).toStdString(),
                        parser.value(base_url).toStdString()};
  environment.store_path = parser.value(db).toStdString();
}

}  // namespace

int main(int argc, char** argv) {
  tinychat::gui::GuiEnvironment environment;
  parse_command_line(argc, argv, environment);

  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("tinychat"));
  QApplication::setApplicationVersion(QString::fromUtf8(tinychat::kVersion));
  // Names the desktop entry, so that the desktop shows its icon for the window.
  QApplication::setDesktopFileName(QStringLiteral(TINYCHAT_APP_ID));
  // The theme chosen in Settings (kept with the window's place), else the desktop's.
  const QSettings state(
      QString::fromStdString(tinychat::gui::window_state_file(environment).string()),
      QSettings::IniFormat);
  tinychat::gui::apply_theme(
      app, tinychat::gui::theme_from_name(state.value(QStringLiteral("theme")).toString()));
  tinychat::gui::MainWindow window(std::move(environment));
  window.show();
  return QApplication::exec();
}
