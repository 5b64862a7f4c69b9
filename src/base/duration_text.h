#pragma once

#include <chrono>
#include <string>

namespace tinychat {

/// A duration for messages: "15 s", "1.5 s", "200 ms". Shared by the timeouts of the HTTP layer
/// and the retry notices of the chat layer, so that both speak alike.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace tinychat
