#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tinychat::testing {

/// The bytes of tests/data/<name>, exactly as stored. Fails the test if the file is missing.
std::string read_test_data(std::string_view name);

/// `bytes` cut into pieces of `size` bytes (the last may be shorter).
std::vector<std::string> split_every(std::string_view bytes, std::size_t size);

}  // namespace tinychat::testing
