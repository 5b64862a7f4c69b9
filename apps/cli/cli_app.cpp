#include "cli_app.h"

#include <CLI/CLI.hpp>

#include "tinychat/provider_registry.h"
#include "tinychat/version.h"

namespace tinychat::cli {

namespace {

constexpr const char* kExamples = R"(Examples:
  tinychat -m gpt-4o "Explain futures in one paragraph"
  tinychat -m claude-sonnet-4-5 -s "Answer in French" "What is a monad?"
  git diff | tinychat -m gemini-2.5-flash "review this:"
  tinychat -p openai --base-url http://localhost:11434/v1 -m llama3.2 "hi"   (Ollama)
  tinychat -c "and in Rust?"                  (continue the last conversation)
  tinychat -m gpt-4o -m claude-sonnet-4-6 "What is a monad?"   (compare: both at once)
  tinychat chat -m claude-sonnet-4-6
  tinychat log -q monad
  curl -N ... | tinychat sse

Commands (tinychat COMMAND --help for each):
  chat     an interactive chat                log      recent conversations; -q WORDS searches
  show     a conversation's current branch    rm       remove a conversation
  export   conversations as JSON, md or txt   import   tinychat's JSON, ChatGPT's, llm's logs.db
  models   each provider's models             sse      decode a Server-Sent Events stream

Providers and their keys (environment variables):
  openai     OPENAI_API_KEY      mistral   MISTRAL_API_KEY     together  TOGETHER_API_KEY
  anthropic  ANTHROPIC_API_KEY   gemini    GEMINI_API_KEY or GOOGLE_API_KEY
  cohere     COHERE_API_KEY
Base URLs: <PROVIDER>_BASE_URL (e.g. OPENAI_BASE_URL), or --base-url.
Keys, default model, temperature, retries, a private CA ("ca_file") and named OpenAI-compatible
endpoints can also be set in $XDG_CONFIG_HOME/tinychat/config.json (see the README); environment
variables and options win.

The answer goes to standard output as it arrives, and nothing else does; reasoning, usage and
errors go to standard error. Exit status: 0 the answer completed, 1 the reply failed (a partial
answer stays on standard output), 2 usage or configuration error, 130 interrupted (Ctrl-C).)";

std::string provider_names() {
  std::string names;
  for (const BuiltinProvider& p : builtin_providers()) {
    names += names.empty() ? "" : ", ";
    names += p.name;
  }
  return names;
}

// Trust, retries and deadlines: how tinychat copes with the network between it and the API.
void add_network_options(CLI::App& app, CliOptions& options) {
  app.add_option("--cacert", options.cacert,
                 "PEM file of the certificate authorities to verify servers against (a company's "
                 "private CA); default: CURL_CA_BUNDLE, SSL_CERT_FILE, the config file's "
                 "\"ca_file\", else the system's. SSL_CERT_DIR adds a folder of hashed ones")
      ->type_name("FILE");
  app.add_option("--retries", options.retries,
                 "Times to send again a request refused with 429, 408, 409 or 5xx, or that could "
                 "not connect, before any of the answer arrived; waits about 0.5 s, 1 s, 2 s... "
                 "(at most 8 s), or what the server's Retry-After asks up to 60 s (default 2, or "
                 "\"retries\" in the config file)")
      ->check(CLI::Range(0, 10));
  app.add_option("--max-time", options.max_time_s,
                 "Seconds the whole reply may take, like curl's --max-time (each retry has its "
                 "own); default: no limit")
      ->check(CLI::PositiveNumber);
}

// Conversations: every prompt and answer is kept in the store unless -n says otherwise.
void add_conversation_options(CLI::App& app, CliOptions& options) {
  auto* continue_last =
      app.add_flag("-c,--continue", options.continue_last,
                   "Continue the most recent conversation: its history goes with the prompt, "
                   "and its provider and model unless -p or -m say otherwise");
  app.add_option("--cid", options.conversation_id,
                 "Continue the conversation with this id (a unique start of it will do; "
                 "tinychat log lists them)")
      ->type_name("ID")
      ->excludes(continue_last);
  add_db_option(app, options.db);
  app.add_flag("-n,--no-log", options.no_log,
               "Do not record this prompt and answer in the conversation store (config: "
               "\"log\": false for never)");
}

// One prompt to several models at once (compare_command.cpp).
void add_compare_options(CLI::App& app, CliOptions& options) {
  app.add_option("--compare", options.compare,
                 "Send the prompt to each of these models at once, e.g. "
                 "gpt-4o,claude-sonnet-4-6,gemini-2.5-flash (the same as -m given for each)")
      ->type_name("MODELS");
  app.add_flag("--json", options.json,
               "Compare mode: the answers as JSON Lines events as they arrive, instead of each "
               "answer whole under a \"## MODEL\" heading");
  app.add_option("--pick", options.pick,
                 "With -c or --cid after a comparison: continue from this model's answer (its "
                 "name, or its place, 1 for the first), instead of the first model's")
      ->type_name("MODEL|N");
}

}  // namespace

void add_db_option(CLI::App& app, std::string& db) {
  app.add_option("--db", db,
                 "The conversation store, a SQLite file (default: TINYCHAT_DB, else "
                 "$XDG_DATA_HOME/tinychat/tinychat.db)")
      ->type_name("FILE");
}

// The value names (PROVIDER, MODEL, URL, FILE) also tell the shell completions what to offer.
std::unique_ptr<CLI::App> make_cli_app(CliOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "tinychat: streams answers from the chat APIs of language models.", "tinychat");
  app->footer(kExamples);
  app->set_version_flag("--version", std::string("tinychat ") + kVersion);
  app->add_option("-p,--provider", options.provider,
                  "Provider (" + provider_names() +
                      ") or a configured endpoint's name; "
                      "default: implied by the model, else the config file, else openai")
      ->type_name("PROVIDER");
  app->add_option("-m,--model", options.models,
                  "Model, e.g. gpt-4o, claude-sonnet-4-5, gemini-2.5-flash, command-a-03-2025, "
                  "mistral-large-latest, meta-llama/Llama-3.3-70B-Instruct-Turbo; given more "
                  "than once, the answers of each (compare mode)")
      ->type_name("MODEL")
      ->allow_extra_args(false)  // One model per -m: the words after it are the prompt.
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app->final_callback([&options] {
    if (!options.models.empty()) options.model = options.models.front();
  });
  add_compare_options(*app, options);
  app->add_option("--base-url", options.base_url,
                  "API base URL including its version, e.g. http://localhost:8080/v1 for any "
                  "OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio)")
      ->type_name("URL");
  app->add_option("-s,--system", options.system_prompt, "System prompt");
  app->add_option("-t,--temperature", options.temperature, "Sampling temperature, 0 to 2")
      ->check(CLI::Validator(
          [](const std::string& text) {
            // CLI11's Range says "Value 3 not in range 0.000000 to 2.000000".
            double value = -1;
            try {
              value = std::stod(text);
            } catch (const std::exception&) {
            }
            return value >= 0 && value <= 2 ? std::string()
                                            : "temperature must be between 0 and 2, not " + text;
          },
          "0 to 2"));
  app->add_option("--max-tokens", options.max_tokens, "Upper bound on the answer's tokens")
      ->check(CLI::PositiveNumber);
  app->add_flag("-u,--usage", options.show_usage, "Print token usage on standard error");
  app->add_flag("--no-reasoning", options.hide_reasoning,
                "Do not print the model's reasoning (it goes to standard error otherwise)");
  app->add_flag("--raw", options.raw,
                "Print the answer as the model wrote it: no Markdown rendering on a terminal "
                "(also NO_COLOR, TERM=dumb; in a pipe or a file it is always as written)");
  app->add_option("--connect-timeout", options.connect_timeout_s,
                  "Seconds allowed to connect (default 15)")
      ->check(CLI::PositiveNumber);
  app->add_option("--idle-timeout", options.idle_timeout_s,
                  "Seconds without a byte of the answer before giving up; keep-alive comments and "
                  "empty events do not count (default 300)")
      ->check(CLI::PositiveNumber);
  add_network_options(*app, options);
  add_conversation_options(*app, options);
  app->add_option(
      "prompt", options.prompt_words,
      "The prompt; when absent or '-', standard input. Piped input is appended to a "
      "prompt given as arguments. A first word that names a command (below) runs it instead; "
      "'--' before the prompt sends such a word as a prompt.");
  return app;
}

std::unique_ptr<CLI::App> make_log_app(LogOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "Lists recent conversations (id, when, model, turns, title), or searches every message "
      "for words (-q) and shows where they matched.",
      "tinychat log");
  app->add_option("-n,--count", options.limit, "How many (default 20)")->check(CLI::PositiveNumber);
  app->add_option("-q,--query", options.query,
                  "Words that must all appear in a message (full-text, any case and accent)")
      ->type_name("TEXT");
  app->add_flag("--json", options.json, "JSON for programs");
  app->add_flag("--cost", options.cost,
                "What each conversation's answers cost (\"+?\": some of unknown price)");
  add_db_option(*app, options.db);
  return app;
}

std::unique_ptr<CLI::App> make_usage_app(UsageOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "Sums the tokens of the answers in the store by day and model, with what they cost where "
      "the model's price is known (the shipped table, or \"prices\" in the config file).",
      "tinychat usage");
  app->add_option("--since", options.since,
                  "From this day on, e.g. 2026-11-01 (default: 30 days "
                  "ago)")
      ->type_name("DATE");
  app->add_flag("--json", options.json, "JSON for programs");
  add_db_option(*app, options.db);
  return app;
}

std::unique_ptr<CLI::App> make_show_app(ShowOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "Shows a conversation's current branch: the prompts and answers the next turn would send.",
      "tinychat show");
  app->add_option("id", options.id,
                  "The conversation (a unique start of its id); default: the "
                  "most recent")
      ->type_name("ID");
  app->add_option("--format", options.format, "text (default), md or json")
      ->check(CLI::IsMember({"text", "md", "json"}));
  add_db_option(*app, options.db);
  return app;
}

std::unique_ptr<CLI::App> make_rm_app(RmOptions& options) {
  auto app =
      std::make_unique<CLI::App>("Removes a conversation and every message in it.", "tinychat rm");
  app->add_option("id", options.id, "The conversation (a unique start of its id)")
      ->type_name("ID")
      ->required();
  add_db_option(*app, options.db);
  return app;
}

std::unique_ptr<CLI::App> make_models_app(ModelsOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "Lists each provider's models: tinychat's suggestions, and the live list of every "
      "provider that has a key (or a server of your own, e.g. Ollama through --base-url).",
      "tinychat models");
  app->add_option("-p,--provider", options.provider,
                  "Only this provider (" + provider_names() + ") or configured endpoint")
      ->type_name("PROVIDER");
  app->add_option("--base-url", options.base_url,
                  "With -p: list the models of the server at this base URL")
      ->type_name("URL");
  return app;
}

std::unique_ptr<CLI::App> make_export_app(ExportOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "Writes a stored conversation, or all of them, to standard output or a file: JSON keeps "
      "every branch and every detail, and tinychat import reads it back exactly; Markdown and "
      "text show the current branch.",
      "tinychat export");
  CLI::Option* all = app->add_flag("--all", options.all, "Every conversation, oldest first");
  app->add_option("id", options.id, "The conversation's id, or the start of it")
      ->type_name("ID")
      ->excludes(all);
  app->add_option("--format", options.format, "json (default), md or txt")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"json", "md", "txt"}));
  app->add_option("-o,--output", options.output,
                  "Write to this file (mode 0600, whole or not at all) instead of standard output")
      ->type_name("FILE");
  app->add_flag("--force", options.force, "With -o: replace the file if it exists");
  app->add_option("--db", options.db,
                  "The conversation store; default: TINYCHAT_DB, else "
                  "$XDG_DATA_HOME/tinychat/tinychat.db")
      ->type_name("FILE");
  app->callback([&options] {
    if (options.id.empty() && !options.all)
      throw CLI::ValidationError("give a conversation's id, or --all");
  });
  return app;
}

std::unique_ptr<CLI::App> make_import_app(ImportOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "Adds the conversations of each FILE to the store: tinychat's JSON export, ChatGPT's "
      "conversations.json or llm's logs.db (read, never written), told apart by their content. "
      "A conversation already there is not added again.",
      "tinychat import");
  app->add_option("files", options.files, "Files to import")->type_name("FILE")->required();
  app->add_option("--db", options.db,
                  "The conversation store; default: TINYCHAT_DB, else "
                  "$XDG_DATA_HOME/tinychat/tinychat.db")
      ->type_name("FILE");
  return app;
}

std::unique_ptr<CLI::App> make_sse_app(std::string& file) {
  auto app = std::make_unique<CLI::App>(
      "Decodes a Server-Sent Events stream (FILE, or standard input) and prints one JSON "
      "object per dispatched event: {\"event\": TYPE, \"data\": DATA, \"id\": LAST_EVENT_ID}.",
      "tinychat sse");
  app->add_option("file", file, "File holding the stream; '-' or none: standard input")
      ->type_name("FILE");
  return app;
}

}  // namespace tinychat::cli
