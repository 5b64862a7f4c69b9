// Store::data_version: how a window learns of turns another process added.

#include <gtest/gtest.h>

#include "store_test_support.h"

namespace tinychat {
namespace {

using testing::open_store;
using testing::record_turn;
using testing::TempFolder;
using testing::TestRecorder;

std::int64_t version_of(const Store& store) {
  std::int64_t version = -1;
  const Error error = store.data_version(version);
  EXPECT_FALSE(error) << error.message;
  return version;
}

TEST(DataVersionTest, ChangesWhenAnotherConnectionWrites) {
  TempFolder folder;
  auto watcher = open_store(folder.path() / "tinychat.db");
  auto other = open_store(folder.path() / "tinychat.db");
  const std::int64_t before = version_of(*watcher);
  EXPECT_EQ(version_of(*watcher), before);  // nothing happened: the same number
  TestRecorder chat(other);
  record_turn(*chat.recorder, "hello", "hi");
  EXPECT_NE(version_of(*watcher), before);
}

TEST(DataVersionTest, StaysTheSameForItsOwnWrites) {
  TempFolder folder;
  auto store = open_store(folder.path() / "tinychat.db");
  const std::int64_t before = version_of(*store);
  TestRecorder chat(store);
  record_turn(*chat.recorder, "hello", "hi");
  EXPECT_EQ(version_of(*store), before);
}

}  // namespace
}  // namespace tinychat
