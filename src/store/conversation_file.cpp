// A file to import, whatever made it: its first bytes tell which reader to use.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "import_support.h"
#include "tinychat/conversation_io.h"

namespace tinychat {

namespace {

constexpr std::string_view kSqliteHeader{"SQLite format 3\0", 16};

// Reads the whole file, or says why not in words that follow its name.
std::string read_bounded(const std::filesystem::path& path, std::string& text) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer, for ever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::string("cannot be read: ") + std::strerror(errno);
  std::string problem;
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    problem = std::string("cannot be read: ") + std::strerror(errno);
  } else if (S_ISDIR(info.st_mode)) {
    problem = "is a folder, not a file";
  } else if (!S_ISREG(info.st_mode)) {
    problem = "is not a regular file (a pipe, a device or a socket)";
  } else if (static_cast<std::uint64_t>(info.st_size) > kMaxImportFileBytes) {
    problem = "is larger than 512 MiB, more than tinychat imports";
  }
  char buffer[65536];
  // A SQLite file is for SQLite to read: its header is all the detection needs.
  if (problem.empty() &&
      ::pread(fd, buffer, kSqliteHeader.size(), 0) == static_cast<ssize_t>(kSqliteHeader.size()) &&
      std::string_view(buffer, kSqliteHeader.size()) == kSqliteHeader) {
    text = kSqliteHeader;
    ::close(fd);
    return problem;
  }
  while (problem.empty()) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) problem = std::string("cannot be read: ") + std::strerror(errno);
    if (n <= 0) break;
    // The file may grow after fstat; the bound holds all the same.
    if (text.size() + static_cast<std::size_t>(n) > kMaxImportFileBytes)
      problem = "is larger than 512 MiB, more than tinychat imports";
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return problem;
}

Error about(const std::filesystem::path& path, std::string_view what) {
  std::string message = "could not import ";
  message += path.string();
  message += ": ";
  message += what;
  return store::import_error(std::move(message));
}

}  // namespace

Error read_conversation_file(const std::filesystem::path& path,
                             std::vector<StoredConversation>& out, ImportFormat* format) {
  std::string text;
  if (const std::string problem = read_bounded(path, text); !problem.empty())
    return about(path, problem);
  if (text.starts_with(kSqliteHeader)) {
    if (format) *format = ImportFormat::llm_logs;
    // SQLite reads the file itself (and any -wal beside it), read-only.
    const Error error = read_llm_logs(path, out);
    return error ? about(path, error.message) : Error();
  }
  if (text.starts_with("PK\x03\x04"))
    return about(path, "is a zip archive: unzip it and import the conversations.json inside");
  const std::size_t first = text.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  Error error;
  if (first != std::string::npos && text[first] == '[') {
    if (format) *format = ImportFormat::chatgpt;
    error = read_chatgpt_export(text, out);
  } else if (first != std::string::npos && text[first] == '{') {
    if (format) *format = ImportFormat::tinychat;
    error = read_tinychat_json(text, out);
  } else {
    return about(path,
                 "is not a file tinychat can import: tinychat's JSON export, ChatGPT's "
                 "conversations.json or llm's logs.db");
  }
  return error ? about(path, error.message) : Error();
}

}  // namespace tinychat
