#pragma once

namespace tinychat::cli {

// Ctrl-C in `tinychat chat` stops the reply, or drops the line being typed, and the chat goes
// on. The handler only sets a flag; the main thread, which reads the prompt and waits for the
// reply, looks at it. So that the signal interrupts the main thread's read() (libedit waits in
// one), every other thread must block SIGINT: they inherit the mask of the thread that starts
// them.

/// Blocks SIGINT in this thread and the threads it starts from now on (curl's, the store's).
void block_interrupts();
/// Installs the handler (no SA_RESTART, no SA_RESETHAND) and unblocks SIGINT in this thread.
void catch_interrupts_in_chat();
/// Whether Ctrl-C was pressed since the last call; clears it.
bool take_interrupt();
/// Whether Ctrl-C was pressed and not taken yet.
bool interrupt_pending();
/// Readable (poll) once Ctrl-C was pressed, until take_interrupt(): a wait for input that
/// polls it with standard input cannot miss a Ctrl-C that came just before the wait began.
int interrupt_descriptor();

}  // namespace tinychat::cli
