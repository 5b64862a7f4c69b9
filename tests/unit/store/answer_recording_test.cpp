// Crash safety: an answer is in the file from its first moment, follows within 250 ms as it
// streams, survives its writer's death as interrupted, and a file that cannot be written costs a
// warning, never the answer.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <future>
#include <mutex>

#include "store_test_support.h"

namespace tinychat {
namespace {

using ::testing::AllOf;
using testing::eventually;
using ::testing::HasSubstr;
using testing::open_store;
using testing::read_one;
using testing::record_turn;
using testing::run_in_child;
using testing::TempFolder;
using testing::TestRecorder;
using Clock = std::chrono::steady_clock;

void append_text(AnswerRecording& recording, std::string text) {
  const Delta piece = Delta::answer(std::move(text));
  recording.append({&piece, 1});
}

class AnswerRecordingTest : public ::testing::Test {
 protected:
  TempFolder folder;
  std::filesystem::path db = folder.path() / "tinychat.db";
  std::shared_ptr<Store> store = open_store(db);

  // The answer's text as another process sees it: settled, or checkpointed so far.
  std::string text_in_file(const std::string& answer_id) {
    return read_one(db,
                    "SELECT m.text || coalesce((SELECT group_concat(text, '') FROM (SELECT "
                    "text FROM answer_chunks WHERE message_id = m.id ORDER BY seq)), '') "
                    "FROM messages m WHERE id = '" +
                        answer_id + "'");
  }
  std::string column(const std::string& answer_id, const std::string& name) {
    return read_one(
        db, "SELECT coalesce(" + name + ", 'NULL') FROM messages WHERE id = '" + answer_id + "'");
  }
  StoredMessage answer_as_read(const std::shared_ptr<Store>& reader, const std::string& id) {
    std::vector<StoredMessage> branch;
    const Error error = reader->branch(id, branch);
    EXPECT_FALSE(error) << error.message;
    return branch.empty() ? StoredMessage{} : branch.back();
  }
};

TEST_F(AnswerRecordingTest, PromptAndStreamingAnswerAreInTheFileBeforeTheRequest) {
  TestRecorder chat(store);
  auto recording = chat->begin_turn("Why is the sky blue?", testing::test_source());
  ASSERT_TRUE(recording);
  // No flush: begin_turn itself committed both rows.
  EXPECT_EQ(read_one(db, "SELECT text || '/' || status FROM messages WHERE role = 'user'"),
            "Why is the sky blue?/complete");
  EXPECT_EQ(column(recording->message_id(), "status"), "streaming");
  EXPECT_EQ(column(recording->message_id(), "text"), "");
  // Another connection of this process sees a live writer: still streaming.
  auto reader = open_store(db);
  EXPECT_EQ(answer_as_read(reader, recording->message_id()).status, MessageStatus::streaming);
  recording->finish({});
}

TEST_F(AnswerRecordingTest, StreamedTextReachesTheFileWithin250Milliseconds) {
  TestRecorder chat(store);
  auto recording = chat->begin_turn("count", testing::test_source());
  // A piece every 20 ms for 1.2 s; another connection polls the file and notes when each piece
  // became visible.
  constexpr int kPieces = 60;
  std::vector<Clock::time_point> appended(kPieces);
  std::vector<Clock::time_point> visible(kPieces);
  std::atomic<bool> done{false};
  std::thread poller([&] {
    store::Database reader(db, SQLITE_OPEN_READONLY);
    std::size_t seen = 0;
    while (seen < kPieces && !done) {
      store::Statement query(reader,
                             "SELECT coalesce(sum(length(text)), 0) FROM answer_chunks "
                             "WHERE message_id = ?");
      query.bind(1, recording->message_id());
      query.step();
      const auto now = Clock::now();
      const auto length = static_cast<std::size_t>(query.integer(0));
      while (seen < length && seen < kPieces) visible[seen++] = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  for (int i = 0; i < kPieces; ++i) {
    appended[i] = Clock::now();
    append_text(*recording, "x");  // one byte: the text's length counts the pieces
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(eventually([&] { return text_in_file(recording->message_id()).size() == kPieces; }));
  done = true;
  poller.join();
  std::chrono::milliseconds worst{0};
  for (int i = 0; i < kPieces; ++i) {
    worst = std::max(
        worst, std::chrono::duration_cast<std::chrono::milliseconds>(visible[i] - appended[i]));
  }
  EXPECT_LE(worst.count(), 250) << "a piece waited " << worst.count() << " ms for the file";
  // Checkpoints, not one write per piece.
  EXPECT_LT(std::stoi(read_one(db, "SELECT count(*) FROM answer_chunks")), kPieces / 3);
  recording->finish({});
}

TEST_F(AnswerRecordingTest, TheEndWritesStatusUsageAndTimesInOneGo) {
  TestRecorder chat(store);
  auto recording = chat->begin_turn("q", testing::test_source());
  const Delta pieces[] = {Delta::thinking("Let me think. "), Delta::answer("Forty"),
                          Delta::answer("-two")};
  recording->append(pieces);
  chat->flush();
  EXPECT_NE(read_one(db, "SELECT count(*) FROM answer_chunks"), "0");
  recording->finish({MessageStatus::complete, "", "stop", {19, 24, 3, 7}});
  chat->flush();
  const std::string& id = recording->message_id();
  EXPECT_EQ(column(id, "text"), "Forty-two");
  EXPECT_EQ(column(id, "reasoning"), "Let me think. ");
  EXPECT_EQ(column(id, "status"), "complete");
  EXPECT_EQ(column(id, "finish_reason"), "stop");
  EXPECT_EQ(column(id,
                   "input_tokens || ',' || output_tokens || ',' || reasoning_tokens || ',' || "
                   "cached_tokens"),
            "19,24,3,7");
  EXPECT_EQ(column(id, "writer"), "NULL");
  EXPECT_EQ(column(id, "sent_ms <= first_token_ms AND first_token_ms <= finished_ms"), "1");
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM answer_chunks"), "0");
  EXPECT_TRUE(chat.warnings->empty());

  // A short answer that ends before its first checkpoint gets its first token's time too.
  const std::string quick = record_turn(*chat.recorder, "q2", "Yes.");
  EXPECT_EQ(column(quick, "sent_ms <= first_token_ms AND first_token_ms <= finished_ms"), "1");
  // The conversation leads to the latest answer and was last updated when it ended.
  EXPECT_EQ(read_one(db, "SELECT current_leaf_id FROM conversations"), quick);
  EXPECT_EQ(read_one(db, "SELECT updated_ms FROM conversations"), column(quick, "finished_ms"));
}

// `tinychat rm` in another process while an answer streams, before its first checkpoint: its end
// finds no row to settle and writes nothing back, nor warns (the user asked for it gone).
TEST_F(AnswerRecordingTest, AnAnswerWhoseConversationWasRemovedEndsWithoutAWrite) {
  TestRecorder chat(store);
  auto recording = chat->begin_turn("q", testing::test_source());
  ASSERT_TRUE(recording);
  ASSERT_FALSE(open_store(db)->delete_conversation(chat->conversation_id()));
  append_text(*recording, "gone");
  recording->finish({});
  chat->flush();
  EXPECT_TRUE(chat.warnings->empty());
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM conversations"), "0");
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM messages"), "0");
}

// CheckpointThread::caller: the one-shot command line's main thread writes the checkpoints.
TEST_F(AnswerRecordingTest, WithoutAThreadTheOwnerWritesTheTextOnceItIsDue) {
  TestRecorder chat(store, {}, CheckpointThread::caller);
  auto recording = chat->begin_turn("count", testing::test_source());
  append_text(*recording, "one ");
  chat->write_due();  // not due yet: it has waited less than a checkpoint interval
  EXPECT_EQ(text_in_file(recording->message_id()), "");
  std::this_thread::sleep_for(std::chrono::milliseconds(260));
  EXPECT_EQ(text_in_file(recording->message_id()), "");  // no thread wrote it meanwhile
  chat->write_due();
  EXPECT_EQ(text_in_file(recording->message_id()), "one ");
  EXPECT_EQ(column(recording->message_id(), "status"), "streaming");
  append_text(*recording, "two");
  recording->finish({MessageStatus::complete, "", "stop", {}});
  chat->write_due();  // an answer that ended is due at once
  EXPECT_EQ(text_in_file(recording->message_id()), "one two");
  EXPECT_EQ(column(recording->message_id(), "status"), "complete");
  EXPECT_TRUE(chat.warnings->empty());
}

TEST_F(AnswerRecordingTest, WithoutAThreadFlushAndTheDestructorWriteWhatIsPending) {
  std::string flushed_id, ended_id;
  {
    TestRecorder chat(store, {}, CheckpointThread::caller);
    auto flushed = chat->begin_turn("first", testing::test_source());
    append_text(*flushed, "pending text");
    chat->flush();
    flushed_id = flushed->message_id();
    EXPECT_EQ(text_in_file(flushed_id), "pending text");
    flushed->finish({MessageStatus::complete, "", "stop", {}});
    auto ended = chat->begin_turn("second", testing::test_source());
    append_text(*ended, "the end");
    ended->finish({MessageStatus::complete, "", "stop", {}});
    ended_id = ended->message_id();
    EXPECT_EQ(text_in_file(ended_id), "");
  }
  EXPECT_EQ(column(flushed_id, "status"), "complete");
  EXPECT_EQ(text_in_file(ended_id), "the end");
  EXPECT_EQ(column(ended_id, "status"), "complete");
}

// flush() first waited, as with a thread of the recorder's, until nothing was pending: text
// arriving meanwhile kept it waiting for a write only its own thread could make.
TEST_F(AnswerRecordingTest, WithoutAThreadFlushReturnsWhileTextKeepsArriving) {
  TestRecorder chat(store, {}, CheckpointThread::caller);
  auto recording = chat->begin_turn("stream", testing::test_source());
  append_text(*recording, "before ");
  std::atomic<bool> streaming{true};
  std::atomic<int> pieces{0};
  std::thread network([&] {
    while (streaming) {
      append_text(*recording, "x");
      ++pieces;
    }
  });
  while (pieces < 1000) std::this_thread::yield();  // text is arriving as flush() begins
  auto flushed = std::async(std::launch::async, [&] { chat->flush(); });
  const bool returned = flushed.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  streaming = false;
  network.join();
  if (!returned) chat->write_due();  // frees a flush() stuck as it was, so the test can fail
  ASSERT_TRUE(returned);
  EXPECT_EQ(text_in_file(recording->message_id()).substr(0, 7), "before ");
  recording->finish({MessageStatus::complete, "", "stop", {}});
  chat->flush();
  EXPECT_EQ(column(recording->message_id(), "status"), "complete");
}

TEST_F(AnswerRecordingTest, FailedAndInterruptedAnswersKeepTheirTextAndError) {
  TestRecorder chat(store);
  const std::string failed = record_turn(*chat.recorder, "a", "Once",
                                         {MessageStatus::failed,
                                          "Server responded with an error. "
                                          "Status Code: 529: Overloaded",
                                          "",
                                          {}});
  const std::string stopped =
      record_turn(*chat.recorder, "b", "Upon", {MessageStatus::interrupted, "cancelled", "", {}});
  EXPECT_EQ(column(failed, "status || ': ' || text || ': ' || error"),
            "failed: Once: Server responded with an error. Status Code: 529: Overloaded");
  EXPECT_EQ(column(stopped, "status || ': ' || text"), "interrupted: Upon");
  EXPECT_EQ(column(failed, "input_tokens"), "NULL");
}

TEST_F(AnswerRecordingTest, AStreamingAnswerWhoseWriterDiedReadsAsInterrupted) {
  std::string answer_id;
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  int signal = 0;
  // The child records part of an answer, then dies as kill -9 would end it.
  run_in_child(
      [&] {
        ::close(pipe_fds[0]);
        std::shared_ptr<Store> own;
        if (Store::open(db, own)) return 1;
        std::shared_ptr<ConversationRecorder> recorder;
        if (ConversationRecorder::open(own, {}, recorder)) return 2;
        auto recording = recorder->begin_turn("Tell me a story", testing::test_source());
        if (!recording) return 3;
        append_text(*recording, "Once upon a time");
        recorder->flush();
        const std::string& id = recording->message_id();
        if (::write(pipe_fds[1], id.data(), id.size()) != static_cast<ssize_t>(id.size())) return 4;
        ::raise(SIGKILL);
        return 5;
      },
      &signal);
  ::close(pipe_fds[1]);
  char buffer[64] = {};
  const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
  ::close(pipe_fds[0]);
  ASSERT_EQ(signal, SIGKILL);
  ASSERT_GT(n, 0);
  answer_id.assign(buffer, static_cast<std::size_t>(n));

  // Still "streaming" in the file, but nobody writes it: it reads as interrupted, with the text
  // that reached the file.
  EXPECT_EQ(column(answer_id, "status"), "streaming");
  StoredMessage read = answer_as_read(store, answer_id);
  EXPECT_EQ(read.status, MessageStatus::interrupted);
  EXPECT_EQ(read.text, "Once upon a time");
  EXPECT_THAT(read.error, HasSubstr("tinychat stopped before the answer ended"));

  // The next process to open the file settles it so, chunks joined into the message.
  auto next = open_store(db);
  EXPECT_EQ(column(answer_id, "status || ': ' || text"), "interrupted: Once upon a time");
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM answer_chunks"), "0");
  EXPECT_EQ(answer_as_read(next, answer_id), read);
}

TEST_F(AnswerRecordingTest, AnotherLiveProcessesAnswerIsLeftStreaming) {
  int to_parent[2];
  int to_child[2];
  ASSERT_EQ(::pipe(to_parent), 0);
  ASSERT_EQ(::pipe(to_child), 0);
  const pid_t child = testing::start_child([&] {
    std::shared_ptr<Store> own;
    if (Store::open(db, own)) return 1;
    std::shared_ptr<ConversationRecorder> recorder;
    if (ConversationRecorder::open(own, {}, recorder)) return 2;
    auto recording = recorder->begin_turn("q", testing::test_source());
    append_text(*recording, "half");
    recorder->flush();
    const std::string& id = recording->message_id();
    if (::write(to_parent[1], id.data(), id.size()) < 0) return 3;
    char go[2];
    if (::read(to_child[0], go, 2) != 2) return 4;
    append_text(*recording, " and the rest");
    recording->finish({});
    return 0;
  });
  char buffer[64] = {};
  const ssize_t n = ::read(to_parent[0], buffer, sizeof buffer);
  const std::string answer_id(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  // Opening the file while the writer lives must not settle its answer.
  auto reader = open_store(db);
  EXPECT_EQ(answer_as_read(reader, answer_id).status, MessageStatus::streaming);
  EXPECT_EQ(answer_as_read(reader, answer_id).text, "half");
  EXPECT_EQ(::write(to_child[1], "go", 2), 2);
  EXPECT_EQ(testing::wait_for_child(child), 0);
  EXPECT_EQ(column(answer_id, "status || ': ' || text"), "complete: half and the rest");
}

// Eight processes start on a file that does not exist yet and stream into it at once.
TEST_F(AnswerRecordingTest, EightProcessesWritingAtOnceLoseNothing) {
  const auto shared_db = folder.path() / "shared" / "tinychat.db";
  constexpr int kProcesses = 8;
  constexpr int kTurns = 10;
  int start[2];
  ASSERT_EQ(::pipe(start), 0);
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(start[1]);
      char go;
      if (::read(start[0], &go, 1) != 0) ::_exit(9);  // EOF: everyone starts together
      std::shared_ptr<Store> own;
      if (Error e = Store::open(shared_db, own)) {
        std::fprintf(stderr, "open: %s\n", e.message.c_str());
        ::_exit(1);
      }
      std::shared_ptr<ConversationRecorder> recorder;
      if (ConversationRecorder::open(own, {}, recorder)) ::_exit(2);
      std::atomic<int> warnings{0};
      recorder->set_warning_handler([&](const Error& e) {
        std::fprintf(stderr, "warning: %s\n", e.message.c_str());
        ++warnings;
      });
      for (int t = 0; t < kTurns; ++t) {
        auto recording = recorder->begin_turn("p" + std::to_string(p) + " t" + std::to_string(t),
                                              testing::test_source());
        if (!recording) ::_exit(3);
        for (int piece = 0; piece < 3; ++piece) {
          append_text(*recording, "<" + std::to_string(piece) + ">");
          recorder->flush();  // a checkpoint per piece: as many writes as possible
        }
        recording->finish({});
      }
      recorder.reset();
      ::_exit(warnings == 0 ? 0 : 4);
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  ::close(start[1]);
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  EXPECT_EQ(read_one(shared_db, "SELECT count(*) FROM conversations"), std::to_string(kProcesses));
  EXPECT_EQ(read_one(shared_db,
                     "SELECT count(*) FROM messages WHERE role = 'assistant' AND "
                     "status = 'complete' AND text = '<0><1><2>'"),
            std::to_string(kProcesses * kTurns));
  EXPECT_EQ(read_one(shared_db, "SELECT count(*) FROM messages WHERE role = 'user'"),
            std::to_string(kProcesses * kTurns));
  EXPECT_EQ(read_one(shared_db, "PRAGMA integrity_check"), "ok");
}

TEST_F(AnswerRecordingTest, AFullDiskCostsOneWarningNotTheAnswer) {
  const auto path = db;
  store.reset();
  // The child may write files of at most 256 KiB: the WAL outgrows that as the answer streams,
  // as it would on a full disk.
  const int status = run_in_child([&] {
    ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing
    std::shared_ptr<Store> own;
    if (Store::open(path, own)) return 1;
    const rlimit limit{256 * 1024, 256 * 1024};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 2;
    std::shared_ptr<ConversationRecorder> recorder;
    if (ConversationRecorder::open(own, {}, recorder)) return 3;
    std::vector<Error> warnings;
    recorder->set_warning_handler([&](const Error& e) { warnings.push_back(e); });
    auto recording = recorder->begin_turn("Write a long story", testing::test_source());
    if (!recording) return 4;
    std::size_t handed_over = 0;
    for (int i = 0; i < 256; ++i) {
      append_text(*recording, std::string(4096, 'a' + i % 26));
      handed_over += 4096;
      recorder->flush();
    }
    recording->finish({});
    recorder->flush();
    if (handed_over != 256 * 4096) return 5;
    if (warnings.size() != 1) return 10 + static_cast<int>(warnings.size());
    const std::string& message = warnings[0].message;
    if (warnings[0].code != ErrorCode::store) return 6;
    if (message.find(path.string()) == std::string::npos) return 7;
    if (message.find("disk may be full") == std::string::npos &&
        message.find("File too large") == std::string::npos) {
      std::fprintf(stderr, "%s\n", message.c_str());
      return 8;
    }
    if (message.find("no longer recorded") == std::string::npos) return 9;
    // Later turns go ahead unrecorded, with no second warning.
    if (recorder->begin_turn("next", testing::test_source()) != nullptr) return 20;
    return warnings.size() == 1 ? 0 : 21;
  });
  EXPECT_EQ(status, 0);
  // The file is whole: the prompt made it, and the answer reads as interrupted.
  store = open_store(path);
  EXPECT_EQ(read_one(path, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(read_one(path, "SELECT text FROM messages WHERE role = 'user'"), "Write a long story");
  EXPECT_EQ(read_one(path, "SELECT status FROM messages WHERE role = 'assistant'"), "interrupted");
}

TEST_F(AnswerRecordingTest, ALockHeldPastTheTimeoutCostsOneWarning) {
  auto impatient = open_store(db, {.busy_timeout = std::chrono::milliseconds(100)});
  TestRecorder chat(impatient);
  store::Database other(db, SQLITE_OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  EXPECT_EQ(chat->begin_turn("q", testing::test_source()), nullptr);
  other.exec("ROLLBACK");
  ASSERT_EQ(chat.warnings->size(), 1u);
  EXPECT_EQ(chat.warnings->at(0).code, ErrorCode::store);
  EXPECT_THAT(chat.warnings->at(0).message,
              AllOf(HasSubstr(db.string()), HasSubstr("database is locked"),
                    HasSubstr("more than 100 ms")));
  EXPECT_EQ(chat->begin_turn("q again", testing::test_source()), nullptr);
  EXPECT_EQ(chat.warnings->size(), 1u);
}

TEST_F(AnswerRecordingTest, TheWarningHandlerMayAskTheRecorderForItsIds) {
  auto impatient = open_store(db, {.busy_timeout = std::chrono::milliseconds(50)});
  std::shared_ptr<ConversationRecorder> recorder;
  ASSERT_FALSE(ConversationRecorder::open(impatient, {}, recorder));
  std::string asked = "not asked";
  recorder->set_warning_handler([&](const Error&) { asked = recorder->conversation_id(); });
  store::Database other(db, SQLITE_OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  // On another thread, so that a deadlock fails the test instead of hanging it.
  auto began = std::async(std::launch::async,
                          [&] { return recorder->begin_turn("q", testing::test_source()); });
  ASSERT_EQ(began.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(began.get(), nullptr);
  EXPECT_EQ(asked, "");
  other.exec("ROLLBACK");
}

// The thread receiving the answer hands each piece over in memory: while another process holds
// the file's write lock (the recorder's thread waits for it), appending stays instant.
TEST_F(AnswerRecordingTest, AppendingNeverWaitsForTheFile) {
  TestRecorder chat(store);
  auto recording = chat->begin_turn("q", testing::test_source());
  store::Database other(db, SQLITE_OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  Clock::duration slowest{};
  const auto began = Clock::now();
  while (Clock::now() - began < std::chrono::milliseconds(600)) {
    const auto before = Clock::now();
    append_text(*recording, "piece ");
    slowest = std::max(slowest, Clock::now() - before);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  other.exec("ROLLBACK");
  recording->finish({});
  chat->flush();
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count(), 20);
  EXPECT_TRUE(chat.warnings->empty());
  EXPECT_EQ(column(recording->message_id(), "status"), "complete");
  EXPECT_TRUE(column(recording->message_id(), "text").starts_with("piece piece "));
}

}  // namespace
}  // namespace tinychat
