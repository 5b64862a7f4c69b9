#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "checked_output.h"
#include "commands.h"
#include "private_output_file.h"
#include "tinychat/conversation_io.h"
#include "tinychat/export.h"
#include "tinychat/settings.h"
#include "tinychat/store.h"

namespace tinychat::cli {

namespace {

std::string title_or_id(const ConversationSummary& summary) {
  return summary.title.empty() ? summary.id : summary.title;
}

// Markdown and text show the current branch only, as the window does; JSON keeps every branch.
std::string render(const std::vector<StoredConversation>& conversations, bool all,
                   const std::string& format) {
  if (format == "json") {
    return all ? export_conversations_json(conversations)
               : export_conversation_json(conversations.front());
  }
  std::string text;
  for (const StoredConversation& conversation : conversations) {
    if (!text.empty()) text += format == "md" ? "\n---\n\n" : "\n";
    if (format == "md") {
      text += "# ";
      text += title_or_id(conversation.summary);
      text += "\n\n";
      text += export_markdown(current_history(conversation));
    } else {
      if (all) {
        text += "== ";
        text += title_or_id(conversation.summary);
        text += " ==\n\n";
      }
      text += export_text(current_history(conversation));
    }
    // export_text ends without one; a file (and the shell's prompt) wants a final newline.
    if (!text.empty() && text.back() != '\n') text += '\n';
  }
  return text;
}

Error load(Store& store, const ExportOptions& options, std::vector<StoredConversation>& out) {
  std::vector<ConversationSummary> summaries;
  if (options.all) {
    if (Error error =
            store.recent_conversations(std::numeric_limits<std::size_t>::max(), summaries))
      return error;
    // Oldest first, as they were had.
    std::ranges::sort(summaries, [](const ConversationSummary& a, const ConversationSummary& b) {
      return std::tie(a.created_ms, a.id) < std::tie(b.created_ms, b.id);
    });
  } else {
    ConversationSummary found;
    if (Error error = store.find_conversation(options.id, found)) return error;
    summaries.push_back(std::move(found));
  }
  for (const ConversationSummary& summary : summaries) {
    StoredConversation& conversation = out.emplace_back();
    if (Error error = store.load_conversation(summary.id, conversation)) return error;
  }
  return {};
}

}  // namespace

int run_export(const ExportOptions& options) {
  const std::filesystem::path db = options.db.empty() ? default_store_path(process_environment())
                                                      : std::filesystem::path(options.db);
  std::error_code ignored;
  if (!std::filesystem::exists(db, ignored)) {
    report("no conversations to export: the store " + db.string() + " does not exist yet");
    return kExitReplyFailed;
  }
  std::shared_ptr<Store> store;
  if (Error error = Store::open(db, store)) {
    report(error.message);
    return kExitReplyFailed;
  }
  std::vector<StoredConversation> conversations;
  if (Error error = load(*store, options, conversations)) {
    report(error.message);
    return kExitReplyFailed;
  }
  const std::string bytes = render(conversations, options.all, options.format);
  if (!options.output.empty()) {
    if (const std::string problem = write_private_file(options.output, bytes, options.force);
        !problem.empty()) {
      report("could not export to " + options.output + ": it " + problem);
      return kExitReplyFailed;
    }
    return kExitOk;
  }
  CheckedOutput out(stdout);
  out.write(bytes);
  return out.finish(kExitOk, "the export");
}

}  // namespace tinychat::cli
