#include "chat_interrupts.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace tinychat::cli {

namespace {

volatile std::sig_atomic_t pressed = 0;
int wake[2] = {-1, -1};  // the self-pipe: the handler writes a byte, take_interrupt drains it

extern "C" void on_chat_interrupt(int) {
  pressed = 1;
  const int saved = errno;
  [[maybe_unused]] const ssize_t ignored = ::write(wake[1], "!", 1);
  errno = saved;
}

sigset_t interrupt_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void block_interrupts() {
  const sigset_t set = interrupt_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void catch_interrupts_in_chat() {
  if (wake[0] < 0 && ::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) wake[0] = wake[1] = -1;
  struct sigaction action {};
  action.sa_handler = on_chat_interrupt;
  action.sa_flags = 0;  // no SA_RESTART: a read() at the prompt must return
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  const sigset_t set = interrupt_set();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

bool take_interrupt() {
  const bool was = pressed != 0;
  pressed = 0;
  char drained[64];
  while (wake[0] >= 0 && ::read(wake[0], drained, sizeof drained) > 0) {
  }
  return was;
}

bool interrupt_pending() { return pressed != 0; }

int interrupt_descriptor() { return wake[0]; }

}  // namespace tinychat::cli
