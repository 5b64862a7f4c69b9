// What recording an answer in the conversation store costs, apart from receiving it. Each run is
// a child process, as each one-shot `tinychat` is, and its CPU time (user + system, from wait4)
// is compared with that of a child that only makes the same answer's pieces:
//   - the store, as the one-shot CLI records: Store::open with its options, begin_turn, the
//     pieces appended 60 at a time (what the network thread hands over per read, at this
//     stream's speed), finish, and the close; each phase timed in the child too;
//   - bare SQLite: the same text into a one-table WAL file in one INSERT, with the store's
//     housekeeping of the log at close: the floor under any store that keeps answers in SQLite;
//   - the write-ahead log's own writes: 1 MiB of frames into a file that must grow, and over one
//     that need not (the reason the store keeps the log's file at close, store/wal_size.h).
// The answer is the one `cli_stream_bench` streams: 100,000 pieces " tok0" ... " tok999".
//
//   build/bench/store_write_bench [--pieces N] [--runs R]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "bench_statistics.h"
#include "store/sqlite.h"
#include "store/wal_size.h"
#include "tinychat/conversation_recorder.h"
#include "tinychat/store.h"

namespace {

constexpr std::size_t kPiecesPerRead = 60;
constexpr int kPhases = 5;
constexpr std::array<const char*, kPhases> kPhaseNames = {"open", "begin_turn", "append", "end",
                                                          "close"};

// User plus system time, in milliseconds.
double cpu_ms_of(const rusage& usage) {
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// This process's CPU time so far, and each phase's share of it as the phases end.
class PhaseClock {
 public:
  /// The time since the last lap (or since the clock was made) goes to `phase`.
  void lap(double& phase) {
    const double now = now_ms();
    phase = now - mark_;
    mark_ = now;
  }

 private:
  static double now_ms() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return cpu_ms_of(usage);
  }
  double mark_ = now_ms();
};

using tinychat::bench::median;
// Every other run empties the log into the file (store/wal_size.h), so a run costs one of two
// amounts: the mean says what a run costs in the long term, where the median picks one of them.
using tinychat::bench::mean;

// The answer as the network thread hands it over: reads of kPiecesPerRead deltas, piece i being
// " tok" and i % 1000. Those repeat every 50 reads, so 50 are made and used in turn: appending
// then reads memory as hot as a freshly decoded read is, not 6 MB of deltas made in advance.
class AnswerPieces {
 public:
  explicit AnswerPieces(int pieces) : pieces_(static_cast<std::size_t>(pieces)) {
    for (std::size_t i = 0; i < kDistinctReads * kPiecesPerRead; ++i) {
      const std::string text = " tok" + std::to_string(i % 1000);
      if (i % kPiecesPerRead == 0) reads_.emplace_back();
      reads_.back().push_back(tinychat::Delta::answer(text));
    }
  }
  /// Calls `take` with each read in order.
  template <class Take>
  void each_read(Take&& take) const {
    for (std::size_t first = 0, read = 0; first < pieces_; first += kPiecesPerRead, ++read) {
      const std::span<const tinychat::Delta> whole(reads_[read % kDistinctReads]);
      take(whole.first(std::min(kPiecesPerRead, pieces_ - first)));
    }
  }
  std::string text() const {
    std::string all;
    each_read([&all](std::span<const tinychat::Delta> read) {
      for (const auto& delta : read) all += delta.text;
    });
    return all;
  }

 private:
  static constexpr std::size_t kDistinctReads = 50;  // lcm(60, 1000) / 60
  std::size_t pieces_;
  std::vector<std::vector<tinychat::Delta>> reads_;
};

struct ChildResult {
  double cpu_ms = 0;  // the whole process, from wait4
  std::array<double, kPhases> phases{};
};

// A child is this program again (exec, not just fork: a forked child would pay copy-on-write
// faults for the parent's memory that a real process does not), told what to do by its
// arguments; its phase times come back on descriptor 3, a pipe.
enum class Work { pieces_only, store, bare_sqlite };
constexpr int kPhaseChannel = 3;

ChildResult run_child(Work work, const std::filesystem::path& file, int pieces) {
  std::fflush(stdout);
  int channel[2];
  if (::pipe(channel) != 0) std::exit(1);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(channel[0]);
    if (::dup2(channel[1], kPhaseChannel) < 0) std::_Exit(1);
    const std::string work_name = std::to_string(static_cast<int>(work));
    const std::string piece_count = std::to_string(pieces);
    ::execl("/proc/self/exe", "store_write_bench", "--child", work_name.c_str(), file.c_str(),
            piece_count.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ::close(channel[1]);
  ChildResult result;
  const bool read_all =
      ::read(channel[0], result.phases.data(), sizeof result.phases) == sizeof result.phases;
  ::close(channel[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  if (!read_all || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "a child run failed\n");
    std::exit(1);
  }
  result.cpu_ms = cpu_ms_of(usage);
  return result;
}

// The one-shot CLI's recording (apps/cli/conversation_access.h: one_shot_recorder()).
void record_in_store(const std::filesystem::path& file, const AnswerPieces& answer_pieces,
                     std::array<double, kPhases>& phases) {
  PhaseClock clock;
  {
    std::shared_ptr<tinychat::Store> store;
    tinychat::StoreOptions options;
    options.cache_kib = 256;
    if (tinychat::Error error = tinychat::Store::open(file, store, options)) std::_Exit(2);
    std::shared_ptr<tinychat::ConversationRecorder> recorder;
    if (tinychat::ConversationRecorder::open(store, "", recorder,
                                             tinychat::CheckpointThread::caller)) {
      std::_Exit(3);
    }
    clock.lap(phases[0]);
    const auto answer =
        recorder->begin_turn("bench", {"openai", "gpt-4o", "http://127.0.0.1:1/v1", "", {}});
    if (!answer) std::_Exit(4);
    clock.lap(phases[1]);
    answer_pieces.each_read(
        [&answer](std::span<const tinychat::Delta> read) { answer->append(read); });
    clock.lap(phases[2]);
    answer->finish({tinychat::MessageStatus::complete, "", "stop", {}});
    recorder->flush();
    clock.lap(phases[3]);
  }
  clock.lap(phases[4]);
}

// The same text in one INSERT into a file with one table, kept as the store keeps its log.
void record_in_bare_sqlite(const std::filesystem::path& file, const std::string& text,
                           std::array<double, kPhases>& phases) {
  namespace store = tinychat::store;
  PhaseClock clock;
  {
    store::Database db(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec(("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -256; "
             "PRAGMA journal_size_limit = " +
             std::to_string(store::kWalFileLimit) +
             "; CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, text TEXT)")
                .c_str());
    clock.lap(phases[0]);
    store::Transaction transaction(db);
    store::Statement(db, "INSERT INTO answers (text) VALUES (?)")
        .bind(1, store::Statement::Borrowed{text})
        .run();
    transaction.commit();
    clock.lap(phases[3]);
    store::shorten_long_wal(db, file);
  }
  clock.lap(phases[4]);
}

// CPU time of writing 1 MiB of log frames (header, then page, as SQLite does) at the start of
// `fd`: the file cut to nothing first (`grow`), or already that long.
double write_log_frames_ms(int fd, bool grow) {
  constexpr int kFrames = 256;
  constexpr std::size_t kPage = 4096;
  constexpr std::size_t kHeader = 24;
  static const std::string page(kPage, 'x');
  static const std::string header(kHeader, '\0');
  if (grow && ::ftruncate(fd, 0) != 0) std::exit(1);
  timespec start{};
  timespec end{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
  for (int i = 0; i < kFrames; ++i) {
    const off_t at = static_cast<off_t>(i * (kPage + kHeader));
    if (::pwrite(fd, header.data(), kHeader, at) != static_cast<ssize_t>(kHeader) ||
        ::pwrite(fd, page.data(), kPage, at + static_cast<off_t>(kHeader)) !=
            static_cast<ssize_t>(kPage)) {
      std::exit(1);
    }
  }
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
  return static_cast<double>(end.tv_sec - start.tv_sec) * 1e3 +
         static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e6;
}

const char* file_system_of(const std::filesystem::path& folder) {
  struct statfs info {};
  if (::statfs(folder.c_str(), &info) != 0) return "unknown";
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    default:
      return "another file system";
  }
}

}  // namespace

// In a child: does `work` and sends its phase times back. Every child makes both the pieces and
// the whole text, so that what one child costs over the one that only makes them is its writing.
int child_main(Work work, const std::filesystem::path& file, int pieces) {
  const AnswerPieces answer_pieces(pieces);
  const std::string text = answer_pieces.text();
  std::array<double, kPhases> phases{};
  switch (work) {
    case Work::pieces_only:
      if (text.empty()) return 5;
      break;
    case Work::store:
      record_in_store(file, answer_pieces, phases);
      break;
    case Work::bare_sqlite:
      record_in_bare_sqlite(file, text, phases);
      break;
  }
  return ::write(kPhaseChannel, phases.data(), sizeof phases) == sizeof phases ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--child") {
    return child_main(static_cast<Work>(std::atoi(argv[2])), argv[3], std::atoi(argv[4]));
  }
  int pieces = 100'000;
  int runs = 21;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--pieces") pieces = std::clamp(std::atoi(argv[i + 1]), 1, 10'000'000);
    if (flag == "--runs") runs = std::clamp(std::atoi(argv[i + 1]), 1, 1000);
  }
  const std::filesystem::path folder = std::filesystem::temp_directory_path() /
                                       ("tinychat-store-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::filesystem::path store_file = folder / "store.db";
  const std::filesystem::path bare_file = folder / "bare.db";

  std::printf(
      "answer: %d pieces, %zu bytes, handed over %zu at a time; %d runs each, in turns; "
      "files on %s\n",
      pieces, AnswerPieces(pieces).text().size(), kPiecesPerRead, runs, file_system_of(folder));
  // A first run of each makes its file, which later runs then reuse, as a user's store is.
  run_child(Work::store, store_file, pieces);
  run_child(Work::bare_sqlite, bare_file, pieces);

  std::vector<double> baseline, store_extra, bare_extra;
  std::array<std::vector<double>, kPhases> store_phases, bare_phases;
  for (int r = 0; r < runs; ++r) {
    const double alone = run_child(Work::pieces_only, {}, pieces).cpu_ms;
    const ChildResult store = run_child(Work::store, store_file, pieces);
    const ChildResult bare = run_child(Work::bare_sqlite, bare_file, pieces);
    baseline.push_back(alone);
    store_extra.push_back(store.cpu_ms - alone);
    bare_extra.push_back(bare.cpu_ms - alone);
    for (int p = 0; p < kPhases; ++p) {
      store_phases[p].push_back(store.phases[p]);
      bare_phases[p].push_back(bare.phases[p]);
    }
  }
  const auto print_phases = [](const std::array<std::vector<double>, kPhases>& phases) {
    for (int p = 0; p < kPhases; ++p) {
      if (mean(phases[p]) > 0) std::printf(" %s %.2f", kPhaseNames[p], mean(phases[p]));
    }
    std::printf("\n");
  };
  std::printf("making the pieces alone: %.2f ms CPU (the whole child process; mean, median %.2f)\n",
              mean(baseline), median(baseline));
  std::printf(
      "the store, as the one-shot CLI records: %+.2f ms CPU over that (mean; median "
      "%+.2f); phases, mean ms:",
      mean(store_extra), median(store_extra));
  print_phases(store_phases);
  std::printf(
      "bare SQLite, one INSERT of the text, the same log housekeeping: %+.2f ms (median "
      "%+.2f); phases:",
      mean(bare_extra), median(bare_extra));
  print_phases(bare_phases);

  const std::string log_file = (folder / "log-frames").string();
  const int fd = ::open(log_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return 1;
  std::vector<double> growing, reusing;
  for (int r = 0; r < runs; ++r) {
    growing.push_back(write_log_frames_ms(fd, true));
    reusing.push_back(write_log_frames_ms(fd, false));
  }
  ::close(fd);
  std::printf(
      "1 MiB of log frames (256 pages, two writes each): into a file that grows %.2f ms "
      "CPU, over one as long already %.2f ms (medians)\n",
      median(growing), median(reusing));
  std::filesystem::remove_all(folder);
  return 0;
}
