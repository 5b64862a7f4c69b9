#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite.h"
#include "support/temp_folder.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/store.h"

namespace tinychat::testing {

inline std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

/// A file's bytes and modification time: equal snapshots mean nothing wrote to it.
struct FileSnapshot {
  std::string bytes;
  std::int64_t mtime_ns = 0;
  friend bool operator==(const FileSnapshot&, const FileSnapshot&) = default;
};

inline FileSnapshot snapshot(const std::filesystem::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return {file_bytes(path),
          std::int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
}

inline unsigned file_mode(const std::filesystem::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 07777;
}

/// Opens a store that must open.
inline std::shared_ptr<Store> open_store(const std::filesystem::path& path,
                                         StoreOptions options = {}) {
  std::shared_ptr<Store> store;
  const Error error = Store::open(path, store, options);
  EXPECT_FALSE(error) << error.message;
  return store;
}

/// A recorder that must open, collecting its warnings.
struct TestRecorder {
  std::shared_ptr<ConversationRecorder> recorder;
  std::shared_ptr<std::vector<Error>> warnings = std::make_shared<std::vector<Error>>();

  explicit TestRecorder(std::shared_ptr<Store> store, std::string_view conversation_id = {},
                        CheckpointThread thread = CheckpointThread::own) {
    const Error error =
        ConversationRecorder::open(std::move(store), conversation_id, recorder, thread);
    EXPECT_FALSE(error) << error.message;
    if (recorder) {
      recorder->set_warning_handler(
          [warnings = warnings](const Error& warning) { warnings->push_back(warning); });
    }
  }
  ConversationRecorder* operator->() const { return recorder.get(); }
};

inline AnswerSource test_source() {
  return {"openai", "gpt-test", "https://api.example.com/v1", "Be brief.", 0.5};
}

/// A complete turn: the prompt, then `answer` in one piece.
inline std::string record_turn(ConversationRecorder& recorder, std::string_view prompt,
                               std::string_view answer, AnswerOutcome outcome = {}) {
  std::shared_ptr<AnswerRecording> recording = recorder.begin_turn(prompt, test_source());
  if (!recording) {
    ADD_FAILURE() << "the turn was not recorded";
    return {};
  }
  const Delta piece = Delta::answer(std::string(answer));
  recording->append({&piece, 1});
  recording->finish(std::move(outcome));
  recorder.flush();
  return recording->message_id();
}

/// One value from a second, raw connection: what another process would read.
inline std::string read_one(const std::filesystem::path& path, const std::string& sql) {
  store::Database db(path, SQLITE_OPEN_READONLY);
  store::Statement query(db, sql);
  return query.step() ? std::string(query.text(0)) : std::string("<no row>");
}

/// Waits until `condition` holds or `timeout` passes; true if it held.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

/// Starts `body` in a child process made by fork(), which _exits with what it returns and never
/// returns into the test. Fork before starting threads: a child of a threaded process may find
/// a lock taken for ever.
inline pid_t start_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  return pid;
}

/// The child's exit status, or -1 for a death by signal (the signal in `signal_out`).
inline int wait_for_child(pid_t pid, int* signal_out = nullptr) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    if (signal_out) *signal_out = WTERMSIG(status);
    return -1;
  }
  return WEXITSTATUS(status);
}

/// start_child, then wait_for_child.
inline int run_in_child(const std::function<int()>& body, int* signal_out = nullptr) {
  return wait_for_child(start_child(body), signal_out);
}

}  // namespace tinychat::testing
