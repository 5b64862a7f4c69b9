// Opening the store: the file it makes, the schema it writes, and the files it must never touch.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>

#include "store/schema.h"
#include "store/wal_size.h"
#include "store_test_support.h"

namespace tinychat {
namespace {

using ::testing::AllOf;
using testing::file_mode;
using ::testing::HasSubstr;
using testing::open_store;
using testing::read_one;
using testing::snapshot;
using testing::TempFolder;
using testing::write_bytes;

class StoreFileTest : public ::testing::Test {
 protected:
  TempFolder folder;
  std::filesystem::path db = folder.path() / "data" / "tinychat" / "tinychat.db";

  // Opening `file` must fail, naming the file and `cause`, and leave it as it was.
  void expect_refused_untouched(const std::filesystem::path& file, const std::string& cause) {
    const testing::FileSnapshot before = snapshot(file);
    // A store tinychat wrote keeps its WAL (no checkpoint on close); it must not change either,
    // and none may appear where there was none.
    const std::string wal = file.string() + "-wal";
    const bool had_wal = std::filesystem::exists(wal);
    const testing::FileSnapshot wal_before = had_wal ? snapshot(wal) : testing::FileSnapshot{};
    std::shared_ptr<Store> store;
    const Error error = Store::open(file, store);
    EXPECT_EQ(error.code, ErrorCode::store);
    EXPECT_THAT(error.message, AllOf(HasSubstr(file.string()), HasSubstr(cause),
                                     HasSubstr("it was left untouched")));
    EXPECT_EQ(store, nullptr);
    EXPECT_TRUE(snapshot(file) == before) << "the file changed";
    EXPECT_EQ(std::filesystem::exists(wal), had_wal);
    if (had_wal) {
      EXPECT_TRUE(snapshot(wal) == wal_before) << "the WAL changed";
    }
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-journal"));
  }
};

TEST_F(StoreFileTest, CreatesAPrivateFolderAndFile) {
  auto store = open_store(db);
  ASSERT_TRUE(store);
  EXPECT_EQ(file_mode(db.parent_path()), 0700u);
  EXPECT_EQ(file_mode(db), 0600u);
  // SQLite gives its side files the database's mode: nobody else can read the WAL either.
  EXPECT_EQ(file_mode(db.string() + "-wal"), 0600u);
  EXPECT_EQ(file_mode(db.string() + "-shm"), 0600u);
}

TEST_F(StoreFileTest, AnExistingFolderKeepsItsMode) {
  std::filesystem::create_directories(db.parent_path());
  ::chmod(db.parent_path().c_str(), 0750);
  open_store(db);
  EXPECT_EQ(file_mode(db.parent_path()), 0750u);
}

TEST_F(StoreFileTest, ANewFileGetsTheCurrentSchemaInWalMode) {
  open_store(db);
  EXPECT_EQ(read_one(db, "PRAGMA user_version"), std::to_string(store::kSchemaVersion));
  EXPECT_EQ(read_one(db, "PRAGMA application_id"), std::to_string(store::kApplicationId));
  EXPECT_EQ(read_one(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(read_one(db,
                     "SELECT count(*) FROM sqlite_schema WHERE name IN ('conversations', "
                     "'messages', 'answer_chunks', 'messages_fts')"),
            "4");
}

// Version 0 is the empty file tinychat itself creates before SQLite opens it.
TEST_F(StoreFileTest, MigratesAnEmptyFileFromVersion0) {
  std::filesystem::create_directories(db.parent_path());
  write_bytes(db, "");
  auto store = open_store(db);
  ASSERT_TRUE(store);
  EXPECT_EQ(read_one(db, "PRAGMA user_version"), std::to_string(store::kSchemaVersion));
  std::vector<ConversationSummary> recent;
  EXPECT_FALSE(store->recent_conversations(10, recent));
  EXPECT_TRUE(recent.empty());
}

// A SQLite file with no tables and no user_version (made by `sqlite3 FILE 'PRAGMA
// page_size=8192; VACUUM'`, say) is version 0 too.
TEST_F(StoreFileTest, MigratesAnEmptyDatabaseFromVersion0) {
  std::filesystem::create_directories(db.parent_path());
  {
    store::Database raw(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("PRAGMA page_size = 8192; VACUUM");
  }
  open_store(db);
  EXPECT_EQ(read_one(db, "PRAGMA user_version"), std::to_string(store::kSchemaVersion));
  EXPECT_EQ(read_one(db, "PRAGMA page_size"), "8192");
}

TEST_F(StoreFileTest, OpeningAgainChangesNothing) {
  open_store(db);
  const std::string schema = read_one(db, "SELECT group_concat(sql) FROM sqlite_schema");
  open_store(db);
  EXPECT_EQ(read_one(db, "SELECT group_concat(sql) FROM sqlite_schema"), schema);
}

// How many pages the write-ahead log holds for a process that opens the store now: what it reads
// first (SQLite rebuilds its index of the log from the file).
int log_pages_on_opening(const std::filesystem::path& db) {
  store::Database raw(db, SQLITE_OPEN_READWRITE);
  store::Statement checkpoint(raw, "PRAGMA wal_checkpoint(PASSIVE)");
  checkpoint.step();
  return static_cast<int>(checkpoint.integer(1));
}

std::string text_of_bytes(std::size_t size) {
  std::string text;
  for (int i = 0; text.size() < size; ++i) text += std::to_string(i) + " ";
  return text;
}

// Connections close without a checkpoint, so the write-ahead log outlives them and every
// process that opens the store reads all of it first: a 100 MB log (left by indexing an import)
// cost each `tinychat log -q` 60 ms. A log over 1 MiB is copied into the file and started again
// when the store closes; a small one is left, so that a short turn closes without an fsync.
TEST_F(StoreFileTest, ALargeWriteAheadLogIsStartedAgainWhenTheStoreCloses) {
  const std::string wal = db.string() + "-wal";
  {
    auto store = open_store(db);
    ASSERT_TRUE(store);
    testing::TestRecorder chat(store);
    testing::record_turn(*chat.recorder, "short", "answer");
  }
  EXPECT_GT(log_pages_on_opening(db), 0) << "a small log is left as it is";
  const std::string long_answer = text_of_bytes(3 * 1024 * 1024);
  {
    auto store = open_store(db);
    ASSERT_TRUE(store);
    testing::TestRecorder chat(store);
    testing::record_turn(*chat.recorder, "long", long_answer);
    ASSERT_GT(std::filesystem::file_size(wal), 1024u * 1024u);
  }
  // One page: the write that starts the log again (the schema version, rewritten as it was).
  EXPECT_EQ(log_pages_on_opening(db), 1);
  // The file keeps its length, for the next writer to write over what the kernel holds.
  EXPECT_GT(std::filesystem::file_size(wal), 1024u * 1024u);
  EXPECT_EQ(read_one(db, "PRAGMA user_version"), std::to_string(store::kSchemaVersion));
  EXPECT_EQ(read_one(db, "SELECT count(*) FROM messages"), "4");
  EXPECT_EQ(read_one(db, "SELECT length(text) FROM messages WHERE text LIKE '0 1 2 %'"),
            std::to_string(long_answer.size()));
}

TEST_F(StoreFileTest, TheWriteAheadLogsFileIsCutBackToItsLimit) {
  const std::string wal = db.string() + "-wal";
  const std::string long_answer =
      text_of_bytes(static_cast<std::size_t>(store::kWalFileLimit) + 2 * 1024 * 1024);
  {
    auto store = open_store(db);
    ASSERT_TRUE(store);
    testing::TestRecorder chat(store);
    testing::record_turn(*chat.recorder, "long", long_answer);
    ASSERT_GT(std::filesystem::file_size(wal), static_cast<std::uintmax_t>(store::kWalFileLimit));
  }
  EXPECT_LE(std::filesystem::file_size(wal), static_cast<std::uintmax_t>(store::kWalFileLimit));
  EXPECT_EQ(log_pages_on_opening(db), 1);
}

// A process that only reads (tinychat log) shortens a long log that the process writing it left
// behind (killed before its close): here 1.4 MiB, in a file shorter than the 4 MiB kept for reuse.
TEST_F(StoreFileTest, AProcessThatOnlyReadsShortensALongLogLeftBehind) {
  open_store(db).reset();
  {
    store::Database raw(db, SQLITE_OPEN_READWRITE);
    raw.exec("PRAGMA wal_autocheckpoint = 0");
    raw.exec(
        "INSERT INTO conversations (id, title, created_ms, updated_ms) VALUES "
        "('left-behind', hex(zeroblob(700000)), 1, 1)");
  }
  ASSERT_GT(log_pages_on_opening(db), 256);
  {
    auto store = open_store(db);
    ASSERT_TRUE(store);
    std::vector<ConversationSummary> recent;
    ASSERT_FALSE(store->recent_conversations(10, recent));
    ASSERT_EQ(recent.size(), 1u);
  }
  EXPECT_EQ(log_pages_on_opening(db), 1);
  EXPECT_EQ(read_one(db, "SELECT length(title) FROM conversations"), "1400000");
}

// The log's file is longer than 1 MiB, kept for reuse, but the log in it is one page: a process
// that only reads writes nothing, to the log or the file.
TEST_F(StoreFileTest, AProcessThatOnlyReadsLeavesAShortLogInALongFileAlone) {
  const std::string wal = db.string() + "-wal";
  {
    auto store = open_store(db);
    ASSERT_TRUE(store);
    testing::TestRecorder chat(store);
    testing::record_turn(*chat.recorder, "long", text_of_bytes(2 * 1024 * 1024));
  }
  ASSERT_GT(std::filesystem::file_size(wal), 1024u * 1024u);
  const testing::FileSnapshot file_before = snapshot(db);
  const testing::FileSnapshot wal_before = snapshot(wal);
  {
    auto store = open_store(db);
    ASSERT_TRUE(store);
    std::vector<ConversationSummary> recent;
    ASSERT_FALSE(store->recent_conversations(10, recent));
  }
  EXPECT_TRUE(snapshot(db) == file_before) << "the database file changed";
  EXPECT_TRUE(snapshot(wal) == wal_before) << "the log changed";
}

TEST_F(StoreFileTest, NotADatabaseIsLeftUntouched) {
  std::filesystem::create_directories(db.parent_path());
  std::string junk = "These are my notes, not a database.\n";
  while (junk.size() < 8192) junk += junk;
  write_bytes(db, junk);
  expect_refused_untouched(db, "is not a SQLite database");
}

TEST_F(StoreFileTest, ADamagedDatabaseIsLeftUntouched) {
  open_store(db).reset();
  {
    store::Database raw(db, SQLITE_OPEN_READWRITE);
    raw.exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE");
  }
  // Page 1 intact (the header reads), the schema's root pages overwritten.
  std::string bytes = testing::file_bytes(db);
  ASSERT_GT(bytes.size(), 8192u);
  for (std::size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5);
  write_bytes(db, bytes);
  expect_refused_untouched(db, "damaged");
}

TEST_F(StoreFileTest, ANewerSchemaIsLeftUntouched) {
  std::filesystem::create_directories(db.parent_path());
  {
    // Rollback-journal mode, as a future tinychat might choose: switching it to WAL would
    // rewrite the header, so the test also proves that no journal mode is set.
    store::Database raw(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec(("CREATE TABLE conversations_v99 (id TEXT); PRAGMA user_version = 99; "
              "PRAGMA application_id = " +
              std::to_string(store::kApplicationId))
                 .c_str());
  }
  expect_refused_untouched(db, "written by a newer tinychat (schema version 99");
}

TEST_F(StoreFileTest, AnotherProgramsDatabaseIsLeftUntouched) {
  std::filesystem::create_directories(db.parent_path());
  {
    store::Database raw(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    raw.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
  }
  expect_refused_untouched(db, "another program's SQLite database");
}

TEST_F(StoreFileTest, AReadOnlyFileIsLeftUntouched) {
  open_store(db).reset();
  ASSERT_EQ(::chmod(db.c_str(), 0400), 0);
  // Even root, whom SQLite would let write it, leaves a file alone that its owner made
  // read-only.
  expect_refused_untouched(db, "it is read-only");
}

// A file the process may not write (another user's), as SQLite itself sees it: opened read-only.
TEST_F(StoreFileTest, AFileThisUserCannotWriteIsLeftUntouched) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root, to become another user";
  const passwd* nobody = ::getpwnam("nobody");
  if (!nobody) GTEST_SKIP() << "no user nobody";
  open_store(db).reset();
  {
    store::Database raw(db, SQLITE_OPEN_READWRITE);
    raw.exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE");
  }
  for (auto p = db; p != folder.path().parent_path(); p = p.parent_path()) {
    ::chmod(p.c_str(), 0755);
  }
  ::chmod(db.c_str(), 0644);
  const testing::FileSnapshot before = snapshot(db);
  const int status = testing::run_in_child([&] {
    if (::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0) return 10;
    std::shared_ptr<Store> store;
    const Error error = Store::open(db, store);
    if (error.code != ErrorCode::store) return 11;
    if (error.message.find("it is read-only") == std::string::npos) return 12;
    return 0;
  });
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(snapshot(db) == before);
}

TEST_F(StoreFileTest, AFolderOrAPipeIsRefused) {
  std::filesystem::create_directories(db);
  std::shared_ptr<Store> store;
  Error error = Store::open(db, store);
  EXPECT_EQ(error.code, ErrorCode::store);
  EXPECT_THAT(error.message, HasSubstr("it is a folder"));

  const auto fifo = folder.path() / "fifo.db";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  error = Store::open(fifo, store);
  EXPECT_EQ(error.code, ErrorCode::store);
  EXPECT_THAT(error.message, HasSubstr("not a regular file"));
}

TEST_F(StoreFileTest, AFolderThatCannotBeCreatedIsNamed) {
  write_bytes(folder.path() / "data", "a file where the folder should be");
  std::shared_ptr<Store> store;
  const Error error = Store::open(db, store);
  EXPECT_EQ(error.code, ErrorCode::store);
  EXPECT_THAT(error.message, AllOf(HasSubstr(db.string()), HasSubstr("Not a directory")));
}

}  // namespace
}  // namespace tinychat
