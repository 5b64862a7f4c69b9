#include "chat_commands.h"

#include <cstdio>

#include "checked_output.h"
#include "external_editor.h"
#include "tinychat/terminal_text.h"

namespace tinychat::cli {

namespace {

using Next = CommandOutcome::Next;

constexpr const char* kHelp = R"(Commands:
  /model NAME        answer with this model from now on (its provider, as -m would pick it)
  /system TEXT       the system prompt from now on; /system alone removes it
  /temperature T     sampling temperature, 0 to 2
  /new               start a new conversation
  /retry             answer the last prompt again (the earlier answer stays in the store)
  /edit              change the last prompt in $EDITOR and send it again, as a new branch
  /compare MODEL...  send the next prompt to each of these models at once, side by side;
                     the chat goes on from the first one's answer (the others are stored)
  /history           the conversation so far, one line per message
  /usage             the tokens and cost of this conversation's answers so far
  /help              this list
  /exit              leave (so does Ctrl-D on an empty line)
A line of """ starts a block of several lines, and another ends it; a line ending in \
continues on the next one. Ctrl-C stops an answer, or drops the line being typed.
)";

void say(const std::string& text) {
  std::fputs(terminal_safe(text).c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

// What a command did: on standard error, so that a scripted chat's output holds only answers and
// what was asked for (/history, /help).
void note(const std::string& text) {
  std::fputs(terminal_safe(text).c_str(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

std::string first_line(const std::string& text, std::size_t limit) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > limit) {
    line.resize(limit);
    line += "...";
  } else if (line.size() < text.size()) {
    line += " ...";
  }
  return line;
}

void show_history(const ChatSession& chat) {
  const History history = chat.history();
  if (history.empty()) say("(no messages yet)");
  for (const Message& message : history) {
    std::string line = message.role == Role::user ? "you: " : "assistant: ";
    line += first_line(message.content, 72);
    if (message.interrupted) line += " [interrupted]";
    say(line);
  }
}

void switch_model(const std::string& name, ChatContext& context) {
  if (name.empty()) {
    note("model: " + context.chat.options().model);
    return;
  }
  // As -m would pick it: -p and --base-url from the command line still hold.
  const ProviderChoice choice{context.options.provider, name, context.options.base_url};
  ResolvedProvider resolved;
  if (Error error = resolve_provider(choice, context.setup.settings, context.setup.env,
                                     context.setup.config_path, resolved)) {
    report(error.message);
    return;
  }
  RequestOptions options = context.chat.options();
  options.model = resolved.model;
  context.chat.set_provider(make_provider(resolved.config));
  context.chat.set_options(std::move(options));
  note("model: " + resolved.model + " (" + resolved.config.name + ")");
}

void set_temperature(const std::string& value, ChatSession& chat) {
  double temperature = -1;
  std::size_t used = 0;
  try {
    temperature = std::stod(value, &used);
  } catch (const std::exception&) {
  }
  if (used != value.size() || !(temperature >= 0 && temperature <= 2)) {
    std::string message = "temperature must be between 0 and 2, not ";
    message += value.empty() ? std::string("nothing") : value;
    report(message);
    return;
  }
  RequestOptions options = chat.options();
  options.temperature = temperature;
  chat.set_options(std::move(options));
}

// /edit: the last prompt in the editor, then the edited one sent from where the old one was
// sent, as a new branch; the old branch stays in the store.
CommandOutcome edit_last_prompt(ChatContext& context) {
  const History history = context.chat.history();
  std::size_t index = history.size();
  while (index > 0 && history[index - 1].role != Role::user) --index;
  if (index == 0) {
    report("there is no prompt to edit yet");
    return {};
  }
  --index;
  std::string text = history[index].content;
  if (!edit_in_editor(text)) return {};
  if (text == history[index].content || text.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::fputs("(unchanged: nothing sent)\n", stderr);
    return {};
  }
  StoredMessage prompt;
  Error error;
  if (context.recorder) error = context.recorder->last_prompt(prompt);
  if (context.recorder && !error) error = context.recorder->checkout(prompt.parent_id);
  if (context.recorder && !error) error = context.chat.record_to(context.recorder);
  if (context.recorder && error) {
    // The store lost the prompt (tinychat rm) or cannot be read: the edited prompt still goes
    // out, from the history in memory, and the warning says the chat is no longer recorded.
    error.message = "could not find the prompt to edit in the conversation store: " + error.message;
    context.recorder->stop_recording(std::move(error));
    context.recorder.reset();
  }
  if (!context.recorder) {
    context.chat.set_history(
        History(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(index)));
  }
  return {Next::send, std::move(text)};
}

}  // namespace

bool is_chat_command(const std::string& line) { return line.starts_with('/'); }

CommandOutcome run_chat_command(const std::string& line, ChatContext& context) {
  const std::size_t space = line.find_first_of(" \t");
  const std::string name = line.substr(0, space);
  std::string argument;
  if (space != std::string::npos) {
    const std::size_t start = line.find_first_not_of(" \t", space);
    const std::size_t end = line.find_last_not_of(" \t");
    if (start != std::string::npos) argument = line.substr(start, end - start + 1);
  }
  if (name == "/help" || name == "/?") {
    std::fputs(kHelp, stdout);
    std::fflush(stdout);
  } else if (name == "/exit" || name == "/quit") {
    return {Next::exit, {}};
  } else if (name == "/model") {
    switch_model(argument, context);
  } else if (name == "/system") {
    RequestOptions options = context.chat.options();
    options.system_prompt = argument;
    context.chat.set_options(std::move(options));
  } else if (name == "/temperature") {
    set_temperature(argument, context.chat);
  } else if (name == "/new") {
    context.chat.clear();
    context.conversation_usage = {};
    context.last_usage = {};
    note("(new conversation)");
  } else if (name == "/retry") {
    return {Next::retry, {}};
  } else if (name == "/edit") {
    return edit_last_prompt(context);
  } else if (name == "/compare") {
    if (argument.empty()) {
      report("/compare needs the models, e.g. /compare gpt-4o claude-sonnet-4-6");
      return {};
    }
    note("the next prompt goes to " + argument);
    return {Next::compare, argument};
  } else if (name == "/history") {
    show_history(context.chat);
  } else if (name == "/usage") {
    note(context.conversation_usage.answers == 0
             ? std::string("(no usage reported in this conversation yet)")
             : "(this conversation: " + context.conversation_usage.describe() + ")");
  } else {
    report("unknown command " + name +
           ": /help lists them (a prompt that starts with / can be "
           "sent as a \"\"\" block)");
  }
  return {};
}

}  // namespace tinychat::cli
