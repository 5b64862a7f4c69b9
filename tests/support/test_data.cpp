#include "support/test_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace tinychat::testing {

std::string read_test_data(std::string_view name) {
  const std::string path = std::string(TINYCHAT_TEST_DATA_DIR) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "missing test data file " << path;
    return {};
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<std::string> split_every(std::string_view bytes, std::size_t size) {
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < bytes.size(); at += size) {
    pieces.emplace_back(bytes.substr(at, size));
  }
  return pieces;
}

}  // namespace tinychat::testing
