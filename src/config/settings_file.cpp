#include <cerrno>
#include <string_view>
#include <type_traits>

#include "private_file.h"
#include "settings_json.h"
#include "tinychat/private_file.h"
#include "tinychat/settings.h"

namespace tinychat {

namespace {

using config::Json;

Error config_error(const std::filesystem::path& path, const std::string& what) {
  return Error(ErrorCode::config, "config file " + path.string() + ": " + what);
}

// nlohmann reports a byte offset; people need a line and a column (in characters, not bytes).
std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// What people usually get wrong when they edit JSON by hand, told in their words.
std::string hint(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {};
  const char bad = text[offset];
  if (bad == '/' || bad == '#') return " (JSON allows no comments)";
  if (bad == '\'') return " (JSON strings take double quotes)";
  if (bad == '}' || bad == ']') {
    const auto before = text.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
    if (offset > 0 && before != std::string_view::npos && text[before] == ',')
      return " (JSON allows no comma before a closing bracket)";
  }
  return {};
}

// nlohmann's reason without its prefix, and without the "; last read: '...'" it appends to some
// errors: the token it quotes may be a half-written key.
std::string reason(const Json::parse_error& error) {
  std::string what = error.what();
  if (const auto last_read = what.find("; last read:"); last_read != std::string::npos)
    what.erase(last_read);
  const auto colon = what.find(": ", what.find("parse error"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// nlohmann's words without the "[json.exception.out_of_range.406] " prefix.
std::string reason(const Json::exception& error) {
  std::string what = error.what();
  if (what.starts_with("[json.exception.")) {
    if (const auto end = what.find("] "); end != std::string::npos) what.erase(0, end + 2);
  }
  return what;
}

// Builds the document as nlohmann's own DOM parser does, and keeps where the first error was:
// every failure of the parser, an overflowing number (1e999) included, passes through
// parse_error with its position, but only a parse_error exception carries it.
class LocatingParser {
 public:
  explicit LocatingParser(Json& out) : dom_(out, false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(Json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(Json::number_float_t value, const std::string& text) {
    return dom_.number_float(value, text);
  }
  bool string(Json::string_t& value) { return dom_.string(value); }
  bool binary(Json::binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) { return dom_.start_object(size); }
  bool key(Json::string_t& value) { return dom_.key(value); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t size) { return dom_.start_array(size); }
  bool end_array() { return dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t at, const std::string&, const Exception& error) {
    // The token is not kept: it may be half of a key.
    if (!failed) {
      failed = true;
      position = at;
      if constexpr (std::is_same_v<Exception, Json::parse_error>) {
        message = reason(error);  // its own overload: drops "last read"
      } else {
        message = reason(static_cast<const Json::exception&>(error));
      }
    }
    return false;
  }

  bool failed = false;
  std::size_t position = 0;  // characters read, counting from 1 at the offending one
  std::string message;

 private:
  nlohmann::detail::json_sax_dom_parser<Json> dom_;
};

// Parses `text` as the config file's object, or says why it is not one.
Error parse(const std::filesystem::path& path, const std::string& text, Json& out) {
  LocatingParser parser(out);
  try {
    Json::sax_parse(text, &parser);
  } catch (const Json::exception& e) {
    // Not expected (errors reach parse_error), but no exception may escape as a crash.
    return config_error(path, "is not valid JSON: " + reason(e));
  }
  if (parser.failed) {
    const std::size_t offset = parser.position == 0 ? 0 : parser.position - 1;
    return Error(ErrorCode::config, "config file " + path.string() +
                                        " is not valid JSON: " + line_and_column(text, offset) +
                                        ": " + parser.message + hint(text, offset));
  }
  if (!out.is_object()) return config_error(path, "must hold a JSON object ({...})");
  return {};
}

// Writing through a symbolic link (a dotfiles repository) keeps the link instead of replacing
// it by a plain file.
std::filesystem::path real_target(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_symlink(path, error)) return path;
  std::filesystem::path target = std::filesystem::canonical(path, error);
  return error ? path : target;
}

}  // namespace

Error load_settings(const std::filesystem::path& path, Settings& out) {
  std::string text;
  if (std::error_code error = config::read_whole_file(path, text)) {
    if (error == std::errc::no_such_file_or_directory) return {};  // defaults
    if (error.category() == config::make_error_code(config::FileProblem::too_large).category())
      return config_error(path, error.message());
    return config_error(path, "cannot be read: " + error.message());
  }
  Json root;
  if (Error error = parse(path, text, root)) return error;
  Settings loaded;
  if (std::string problem = config::settings_from_json(root, loaded); !problem.empty())
    return config_error(path, problem);
  out = std::move(loaded);
  return {};
}

Error save_settings(const std::filesystem::path& path, const Settings& settings) {
  // Refuse settings that load_settings would refuse to read back.
  Json fresh = Json::object();
  config::merge_settings_into_json(settings, fresh);
  Settings check;
  if (std::string problem = config::settings_from_json(fresh, check); !problem.empty())
    return Error(ErrorCode::invalid_argument, "not saved to " + path.string() + ": " + problem);

  const std::filesystem::path target = real_target(path);
  std::string existing;
  Json root = Json::object();
  if (std::error_code error = config::read_whole_file(target, existing)) {
    if (error != std::errc::no_such_file_or_directory)
      return config_error(path, error.message() + " (not overwritten)");
  } else if (Error invalid = parse(path, existing, root)) {
    // Never replace a file that does not parse: the user's hand edits would be lost.
    return Error(ErrorCode::config, invalid.message + " (not overwritten: fix or remove it first)");
  }
  config::merge_settings_into_json(settings, root);
  // What the merge kept of the old file (a provider name that is not built-in) must load too.
  Settings reread;
  if (std::string problem = config::settings_from_json(root, reread); !problem.empty())
    return config_error(path, problem + " (not overwritten: fix or remove it first)");

  std::string text;
  try {
    text = root.dump(2) + "\n";
  } catch (const Json::type_error&) {
    return Error(ErrorCode::invalid_argument,
                 "not saved to " + path.string() + ": a setting is not valid UTF-8");
  }
  const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
  if (std::error_code error = config::create_private_folder(folder))
    return config_error(path,
                        "cannot create its folder " + folder.string() + ": " + error.message());
  if (std::error_code error = write_private_file(target, text))
    return config_error(path, "cannot be written: " + error.message());
  return {};
}

}  // namespace tinychat
