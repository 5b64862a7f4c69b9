#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "checked_output.h"
#include "commands.h"
#include "tinychat/conversation_io.h"
#include "tinychat/settings.h"
#include "tinychat/store.h"

namespace tinychat::cli {

namespace {

std::string plural(std::size_t count, const char* word) {
  std::string text = std::to_string(count);
  text += ' ';
  text += word;
  if (count != 1) text += 's';
  return text;
}

}  // namespace

int run_import(const ImportOptions& options) {
  const std::filesystem::path db = options.db.empty() ? default_store_path(process_environment())
                                                      : std::filesystem::path(options.db);
  std::shared_ptr<Store> store;
  if (Error error = Store::open(db, store)) {
    report(error.message);
    return kExitReplyFailed;
  }
  int status = kExitOk;
  CheckedOutput out(stdout);
  // Each file on its own: one that fails costs only itself.
  for (const std::string& file : options.files) {
    std::vector<StoredConversation> conversations;
    if (Error error = read_conversation_file(file, conversations)) {
      report(error.message);
      status = kExitReplyFailed;
      continue;
    }
    std::size_t added = 0;
    std::size_t already = 0;
    for (const StoredConversation& conversation : conversations) {
      // One transaction per conversation: each is added whole or not at all.
      bool was_added = false;
      if (Error error = store->import_conversation(conversation, was_added)) {
        report("could not import conversation " + conversation.summary.id + " from " + file + ": " +
               error.message);
        status = kExitReplyFailed;
        continue;
      }
      ++(was_added ? added : already);
    }
    std::string line = "imported ";
    line += plural(added, "conversation");
    line += " (";
    line += std::to_string(already);
    line += " already there) from ";
    line += file;
    line += '\n';
    out.write(line);
  }
  out.flush();
  if (out.failed() && !out.reader_gone()) {
    report(std::string("could not write to standard output: ") + std::strerror(out.error()));
    return kExitReplyFailed;
  }
  return status;
}

}  // namespace tinychat::cli
