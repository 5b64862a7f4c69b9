// Reads tinychat's JSON back: version 2 exactly as written, the window's version 1 as a linear
// conversation with ids derived from its content.
#include <set>

#include "conversation_title.h"
#include "ids.h"
#include "import_support.h"
#include "json_input.h"
#include "tinychat/conversation_io.h"

namespace tinychat {

namespace {

using store::BadInput;
using store::Json;
using store::JsonFields;

Role role_named(const std::string& name, const std::string& where) {
  if (name == "user") return Role::user;
  if (name == "assistant") return Role::assistant;
  if (name == "system") return Role::system;
  throw BadInput(where + " must be \"user\", \"assistant\" or \"system\", not \"" + name + "\"");
}

MessageStatus status_named(const std::string& name, const std::string& where) {
  for (const MessageStatus status : {MessageStatus::complete, MessageStatus::streaming,
                                     MessageStatus::interrupted, MessageStatus::failed}) {
    if (to_string(status) == name) return status;
  }
  throw BadInput(where +
                 " must be \"complete\", \"interrupted\", \"failed\" or \"streaming\", not \"" +
                 name + "\"");
}

std::int64_t count(const JsonFields& usage, std::string_view key) { return usage.integer(key, -1); }

StoredMessage tree_message(const Json& entry, const std::string& where,
                           const std::string& conversation_id) {
  const JsonFields fields(entry, where);
  StoredMessage m;
  m.id = fields.text("id");
  if (m.id.empty()) throw BadInput(fields.path("id") + " is missing");
  m.conversation_id = conversation_id;
  m.parent_id = fields.text("parent_id");
  m.role = role_named(fields.text("role"), fields.path("role"));
  m.text = fields.text("content");
  m.reasoning = fields.text("reasoning");
  m.status = status_named(fields.text("status", "complete"), fields.path("status"));
  m.error = fields.text("error");
  m.finish_reason = fields.text("finish_reason");
  m.provider = fields.text("provider");
  m.model = fields.text("model");
  m.base_url = fields.text("base_url");
  m.system_prompt = fields.text("system_prompt");
  m.temperature = fields.number("temperature");
  if (fields.find("usage") != nullptr) {
    const JsonFields usage(fields.object("usage"), fields.path("usage"));
    m.usage = {count(usage, "input_tokens"), count(usage, "output_tokens"),
               count(usage, "reasoning_tokens"), count(usage, "cached_tokens")};
  }
  m.sent_ms = fields.integer("sent_ms");
  m.first_token_ms = fields.integer("first_token_ms");
  m.finished_ms = fields.integer("finished_ms");
  return m;
}

void check_tree(const StoredConversation& conversation, const JsonFields& fields);

StoredConversation version_2(const JsonFields& fields) {
  StoredConversation conversation;
  ConversationSummary& summary = conversation.summary;
  summary.id = fields.text("id");
  if (summary.id.empty()) throw BadInput(fields.path("id") + " is missing");
  summary.title = fields.text("title");
  summary.created_ms = fields.integer("created_ms");
  summary.updated_ms = fields.integer("updated_ms");
  summary.current_leaf_id = fields.text("current_leaf_id");
  const Json& tree = fields.array("tree");
  for (std::size_t i = 0; i < tree.size(); ++i) {
    conversation.messages.push_back(
        tree_message(tree[i], fields.path("tree") + "[" + std::to_string(i) + "]", summary.id));
  }
  check_tree(conversation, fields);
  store::complete_summary(conversation);
  return conversation;
}

// The same rules as Store::import_conversation's, checked for the whole file before any of it
// is imported: a file with one broken conversation adds none.
void check_tree(const StoredConversation& conversation, const JsonFields& fields) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < conversation.messages.size(); ++i) {
    const StoredMessage& m = conversation.messages[i];
    const std::string where = fields.path("tree") + "[" + std::to_string(i) + "]";
    if (!m.parent_id.empty() && !seen.contains(m.parent_id))
      throw BadInput(where + ".parent_id \"" + m.parent_id +
                     "\" names no message before it in the tree");
    if (!seen.insert(m.id).second) throw BadInput(where + ".id \"" + m.id + "\" appears twice");
  }
  const std::string& leaf = conversation.summary.current_leaf_id;
  if (!leaf.empty() && !seen.contains(leaf))
    throw BadInput(fields.path("current_leaf_id") + " \"" + leaf +
                   "\" is not one of the tree's messages");
}

// The window's export: the current branch only, no ids. The conversation's id is a hash of its
// messages, so the same file imported twice is the same conversation.
StoredConversation version_1(const JsonFields& fields) {
  StoredConversation conversation;
  const Json& messages = fields.array("messages");
  std::string content_key = "tinychat.v1";
  std::vector<Message> history;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const JsonFields entry(messages[i], fields.path("messages") + "[" + std::to_string(i) + "]");
    Message& message = history.emplace_back();
    message.role = role_named(entry.text("role"), entry.path("role"));
    message.content = entry.text("content");
    message.reasoning = entry.text("reasoning");
    const Json* interrupted = entry.find("interrupted");
    if (interrupted != nullptr && !interrupted->is_boolean())
      throw BadInput(entry.path("interrupted") + " must be true or false");
    message.interrupted = interrupted != nullptr && interrupted->get<bool>();
    // Lengths before the bytes: "ab"+"c" and "a"+"bc" hash differently.
    for (const std::string* part : {&message.content, &message.reasoning}) {
      content_key += '\n';
      content_key += std::to_string(part->size());
      content_key += ':';
      content_key += *part;
    }
    content_key += to_string(message.role);
    content_key += message.interrupted ? "!" : ".";
  }
  ConversationSummary& summary = conversation.summary;
  summary.id = store::derived_id(0, content_key);
  summary.created_ms = summary.updated_ms = store::now_ms();
  std::string parent;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const Message& message = history[i];
    StoredMessage& m = conversation.messages.emplace_back();
    m.id = store::derived_id(0, summary.id + "/" + std::to_string(i));
    m.conversation_id = summary.id;
    m.parent_id = parent;
    m.role = message.role;
    m.text = message.content;
    m.reasoning = message.reasoning;
    m.status = message.interrupted ? MessageStatus::interrupted : MessageStatus::complete;
    if (summary.title.empty() && m.role == Role::user)
      summary.title = store::title_from_prompt(m.text);
    parent = m.id;
  }
  summary.current_leaf_id = parent;
  store::complete_summary(conversation);
  return conversation;
}

StoredConversation one_conversation(const Json& document, const std::string& where) {
  const JsonFields fields(document, where);
  const std::string format = fields.text("format");
  if (format != "tinychat.conversation")
    throw BadInput(fields.path("format") + " must be \"tinychat.conversation\"");
  const std::int64_t version = fields.integer("version", 1);
  if (version == 1) return version_1(fields);
  if (version == 2) return version_2(fields);
  throw BadInput(fields.path("version") + " is " + std::to_string(version) +
                 ", which this tinychat does not know (it reads 1 and 2): a newer tinychat "
                 "wrote it");
}

}  // namespace

Error read_tinychat_json(std::string_view text, std::vector<StoredConversation>& out) {
  Json document;
  if (Error error = store::parse_json(text, document)) return error;
  std::vector<StoredConversation> read;
  try {
    const JsonFields fields(document, "");
    if (fields.text("format") == "tinychat.conversations") {
      if (fields.integer("version", 2) != 2)
        throw BadInput("its version is not 2, the only one of a list this tinychat knows");
      const Json& list = fields.array("conversations");
      for (std::size_t i = 0; i < list.size(); ++i)
        read.push_back(one_conversation(list[i], "conversations[" + std::to_string(i) + "]"));
    } else {
      read.push_back(one_conversation(document, ""));
    }
  } catch (const BadInput& e) {
    return store::import_error(e.what());
  } catch (const Json::exception& e) {
    return store::import_error(e.what());
  }
  std::ranges::move(read, std::back_inserter(out));
  return {};
}

}  // namespace tinychat
