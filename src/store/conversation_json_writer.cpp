// tinychat's own JSON: version 1's linear "messages" for old readers, and the whole tree.
#include <nlohmann/json.hpp>

#include "tinychat/conversation_io.h"

namespace tinychat {

namespace {

using Json = nlohmann::ordered_json;

// -1, the store's "not reported", as null: a count of -1 would read as a real number.
Json count(std::int64_t value) { return value < 0 ? Json(nullptr) : Json(value); }

Json tree_entry(const StoredMessage& m) {
  Json temperature = m.temperature ? Json(*m.temperature) : Json(nullptr);
  return Json{{"id", m.id},
              {"parent_id", m.parent_id},
              {"role", to_string(m.role)},
              {"content", m.text},
              {"reasoning", m.reasoning},
              {"status", std::string(to_string(m.status))},
              {"error", m.error},
              {"finish_reason", m.finish_reason},
              {"provider", m.provider},
              {"model", m.model},
              {"base_url", m.base_url},
              {"system_prompt", m.system_prompt},
              {"temperature", std::move(temperature)},
              {"usage",
               {{"input_tokens", count(m.usage.input_tokens)},
                {"output_tokens", count(m.usage.output_tokens)},
                {"reasoning_tokens", count(m.usage.reasoning_tokens)},
                {"cached_tokens", count(m.usage.cached_tokens)}}},
              {"sent_ms", m.sent_ms},
              {"first_token_ms", m.first_token_ms},
              {"finished_ms", m.finished_ms}};
}

Json conversation_document(const StoredConversation& conversation) {
  // Version 1's fields first, as the window writes them: its readers need nothing else.
  Json messages = Json::array();
  for (const Message& message : current_history(conversation)) {
    Json entry{{"role", to_string(message.role)}, {"content", message.content}};
    if (!message.reasoning.empty()) entry["reasoning"] = message.reasoning;
    if (message.interrupted) entry["interrupted"] = true;
    messages.push_back(std::move(entry));
  }
  Json tree = Json::array();
  for (const StoredMessage& message : conversation.messages) tree.push_back(tree_entry(message));
  const ConversationSummary& summary = conversation.summary;
  return Json{{"format", "tinychat.conversation"},
              {"version", 2},
              {"messages", std::move(messages)},
              {"id", summary.id},
              {"title", summary.title},
              {"created_ms", summary.created_ms},
              {"updated_ms", summary.updated_ms},
              {"current_leaf_id", summary.current_leaf_id},
              {"tree", std::move(tree)}};
}

std::string dump(const Json& document) {
  // Replace rather than throw: an export must never fail over one bad byte.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::vector<StoredMessage> current_branch(const StoredConversation& conversation) {
  const std::vector<StoredMessage>& all = conversation.messages;
  if (all.empty()) return {};
  std::string id = conversation.summary.current_leaf_id;
  if (id.empty()) id = all.back().id;
  std::vector<StoredMessage> path;
  // Parents come before children, so each step looks further back; the bound stops a cycle.
  while (!id.empty() && path.size() <= all.size()) {
    const auto found = std::ranges::find(all, id, &StoredMessage::id);
    if (found == all.end()) break;
    path.push_back(*found);
    id = found->parent_id;
  }
  std::ranges::reverse(path);
  return path;
}

History current_history(const StoredConversation& conversation) {
  History history;
  for (const StoredMessage& m : current_branch(conversation)) {
    const bool unfinished = m.role == Role::assistant && m.status != MessageStatus::complete;
    history.push_back({m.role, m.text, m.reasoning, unfinished});
  }
  return history;
}

std::string export_conversation_json(const StoredConversation& conversation) {
  return dump(conversation_document(conversation));
}

std::string export_conversations_json(const std::vector<StoredConversation>& conversations) {
  Json list = Json::array();
  for (const StoredConversation& conversation : conversations)
    list.push_back(conversation_document(conversation));
  return dump(Json{
      {"format", "tinychat.conversations"}, {"version", 2}, {"conversations", std::move(list)}});
}

}  // namespace tinychat
