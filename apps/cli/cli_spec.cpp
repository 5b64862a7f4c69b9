#include "cli_spec.h"

#include <CLI/CLI.hpp>

#include "cli_app.h"

namespace tinychat::cli {

namespace {

// CLI11 appends its validators' descriptions ("FLOAT:POSITIVE"); the value's name comes first.
std::string value_name(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  return type.substr(0, type.find(':'));
}

}  // namespace

CommandSpec describe_command(const CLI::App& app, std::string word) {
  CommandSpec spec;
  spec.name = app.get_name();
  spec.word = std::move(word);
  spec.description = app.get_description();
  spec.footer = app.get_footer();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;
    if (option->get_positional()) {
      spec.positionals.push_back({option->get_name(), value_name(*option),
                                  value_kind(option->get_type_name()), option->get_description(),
                                  option->get_items_expected_max() > 1});
      continue;
    }
    OptionSpec out;
    for (const std::string& name : option->get_snames()) out.names.push_back("-" + name);
    for (const std::string& name : option->get_lnames()) out.names.push_back("--" + name);
    if (option->get_type_size_max() > 0) {
      out.value = value_name(*option);
      out.kind = value_kind(option->get_type_name());
    }
    out.description = option->get_description();
    spec.options.push_back(std::move(out));
  }
  return spec;
}

CliSpec describe_cli() {
  CliOptions options;
  std::string file;
  ModelsOptions models;
  LogOptions log;
  UsageOptions usage;
  ShowOptions show;
  RmOptions rm;
  ExportOptions export_options;
  ImportOptions import_options;
  CliOptions chat;
  return {
      describe_command(*make_cli_app(options), ""),
      {describe_command(*make_log_app(log), "log"), describe_command(*make_show_app(show), "show"),
       describe_command(*make_rm_app(rm), "rm"),
       describe_command(*make_export_app(export_options), "export"),
       describe_command(*make_import_app(import_options), "import"),
       describe_command(*make_models_app(models), "models"),
       describe_command(*make_sse_app(file), "sse"), describe_command(*make_chat_app(chat), "chat"),
       describe_command(*make_usage_app(usage), "usage")}};
}

ValueKind value_kind(const std::string& type_name) {
  const std::string name = type_name.substr(0, type_name.find(':'));
  if (name == "PROVIDER") return ValueKind::provider;
  if (name == "MODEL") return ValueKind::model;
  for (std::size_t start = 0; start <= type_name.size();) {
    const std::size_t end = std::min(type_name.find(':', start), type_name.size());
    const std::string part = type_name.substr(start, end - start);
    if (part == "FILE" || part == "PATH") return ValueKind::file;
    start = end + 1;
  }
  return ValueKind::other;
}

}  // namespace tinychat::cli
