#pragma once

#include <string>
#include <string_view>

namespace tinychat::store {

/// Who is writing a streaming answer: "<boot id>/<pid>/<start time>". The start time (in clock
/// ticks since boot, /proc/<pid>/stat) tells this process from a later one that got the same
/// pid; the boot id, a file from before a reboot from one written now.
const std::string& this_writer();

/// Whether the process named by `writer` (this_writer() of some process) still runs. This
/// process always does; a malformed or empty identity never does.
bool writer_alive(std::string_view writer);

/// The identity of process `pid`, as that process's this_writer() gives it.
std::string writer_identity_of(int pid);

}  // namespace tinychat::store
