// ChatGPT's data export (Settings → Data controls → Export): conversations.json, a list of
// conversations, each a tree of nodes ("mapping") whose messages are the user's prompts, the
// model's answers, and what tinychat has no place for (system prompts, tool calls and results,
// hidden context), which is left out: its children hang from the nearest message kept.
#include <cmath>
#include <map>
#include <set>

#include "import_support.h"
#include "json_input.h"
#include "tinychat/conversation_io.h"

namespace tinychat {

namespace {

using store::BadInput;
using store::Json;
using store::JsonFields;

// ChatGPT's times are seconds since 1970 with a fraction.
std::int64_t unix_ms(const JsonFields& fields, std::string_view key) {
  const std::optional<double> seconds = fields.number(key);
  if (!seconds || !std::isfinite(*seconds) || *seconds <= 0 || *seconds > 1e11) return 0;
  return static_cast<std::int64_t>(std::llround(*seconds * 1000));
}

// The text of a message, or nullopt for one that tinychat leaves out.
std::optional<StoredMessage> kept_message(const Json& message, const std::string& where) {
  const JsonFields fields(message, where);
  const Json* author = fields.find("author");
  if (author == nullptr) return std::nullopt;
  const std::string role = JsonFields(*author, fields.path("author")).text("role");
  StoredMessage m;
  if (role == "user") {
    m.role = Role::user;
  } else if (role == "assistant") {
    m.role = Role::assistant;
  } else {
    return std::nullopt;  // system, tool
  }
  // An answer addressed to a tool ("python", "browser") is a call, not text for the user.
  if (const std::string recipient = fields.text("recipient", "all"); recipient != "all")
    return std::nullopt;
  const Json* metadata = fields.find("metadata");
  std::string model;
  std::string finish_reason;
  if (metadata != nullptr && metadata->is_object()) {
    const JsonFields meta(*metadata, fields.path("metadata"));
    const Json* hidden = meta.find("is_visually_hidden_from_conversation");
    if (hidden != nullptr && hidden->is_boolean() && hidden->get<bool>()) return std::nullopt;
    model = meta.text("model_slug");
    if (const Json* finish = meta.find("finish_details"); finish && finish->is_object())
      finish_reason = JsonFields(*finish, meta.path("finish_details")).text("type");
  }
  const Json* content = fields.find("content");
  if (content == nullptr) return std::nullopt;
  const JsonFields body(*content, fields.path("content"));
  const std::string type = body.text("content_type");
  if (type != "text" && type != "multimodal_text") return std::nullopt;  // code, thoughts...
  const Json* parts = body.find("parts");
  if (parts == nullptr || !parts->is_array()) return std::nullopt;
  for (const Json& part : *parts) {
    // Images and files are objects: only their text is kept.
    if (!part.is_string()) continue;
    if (!m.text.empty() && !part.get_ref<const std::string&>().empty()) m.text += "\n\n";
    m.text += part.get<std::string>();
  }
  if (m.text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  if (m.role == Role::assistant) {
    m.provider = "chatgpt";
    m.model = std::move(model);
    m.finish_reason = std::move(finish_reason);
  }
  m.sent_ms = unix_ms(fields, "create_time");
  return m;
}

class TreeReader {
 public:
  TreeReader(const JsonFields& conversation, StoredConversation& out)
      : conversation_(conversation),
        mapping_(conversation.object("mapping")),
        source_id_(conversation.text("id", conversation.text("conversation_id"))),
        out_(out) {}

  void read() {
    if (source_id_.empty()) throw BadInput(conversation_.path("id") + " is missing");
    ConversationSummary& summary = out_.summary;
    summary.created_ms = unix_ms(conversation_, "create_time");
    summary.updated_ms = std::max(unix_ms(conversation_, "update_time"), summary.created_ms);
    summary.id = store::derived_id(summary.created_ms, "chatgpt/" + source_id_);
    summary.title = conversation_.text("title");
    // The roots: nodes without a parent in the mapping. Walking down from them puts every
    // parent before its children, whatever order the file lists the nodes in.
    for (const auto& [node_id, node] : mapping_.items()) {
      const std::string parent = node_fields(node_id).text("parent");
      if (parent.empty() || !mapping_.contains(parent)) visit(node_id, "");
    }
    const std::string current = conversation_.text("current_node");
    summary.current_leaf_id = kept_for_node_.contains(current) ? kept_for_node_[current] : "";
    if (summary.current_leaf_id.empty() && !out_.messages.empty())
      summary.current_leaf_id = out_.messages.back().id;
    store::complete_summary(out_);
  }

 private:
  JsonFields node_fields(const std::string& node_id) const {
    return JsonFields(mapping_.at(node_id), conversation_.path("mapping") + "." + node_id);
  }

  // `parent_kept`: the id of the nearest ancestor kept, "" when none.
  void visit(const std::string& root, const std::string& root_parent) {
    // Iterative: a conversation of thousands of turns is a chain thousands deep.
    std::vector<std::pair<std::string, std::string>> pending{{root, root_parent}};
    while (!pending.empty()) {
      auto [node_id, parent_kept] = std::move(pending.back());
      pending.pop_back();
      // A node reached twice (a malformed file whose children lists cross) is read once.
      if (!mapping_.contains(node_id) || !visited_.insert(node_id).second) continue;
      const JsonFields node = node_fields(node_id);
      std::string kept = parent_kept;
      if (const Json* message = node.find("message")) {
        if (std::optional<StoredMessage> m = kept_message(*message, node.path("message"))) {
          const std::int64_t time = m->sent_ms > 0 ? m->sent_ms : out_.summary.created_ms;
          m->id = store::derived_id(time, "chatgpt/" + source_id_ + "/" + node_id);
          m->conversation_id = out_.summary.id;
          m->parent_id = parent_kept;
          kept = m->id;
          out_.messages.push_back(std::move(*m));
        }
      }
      kept_for_node_[node_id] = kept;
      if (const Json* children = node.find("children"); children && children->is_array()) {
        // Reversed onto the stack, so that the first child is read first.
        for (auto child = children->rbegin(); child != children->rend(); ++child) {
          if (child->is_string()) pending.emplace_back(child->get<std::string>(), kept);
        }
      }
    }
  }

  const JsonFields& conversation_;
  const Json& mapping_;
  std::string source_id_;
  StoredConversation& out_;
  std::set<std::string> visited_;
  std::map<std::string, std::string> kept_for_node_;
};

}  // namespace

Error read_chatgpt_export(std::string_view text, std::vector<StoredConversation>& out) {
  Json document;
  if (Error error = store::parse_json(text, document)) return error;
  if (!document.is_array())
    return store::import_error("a ChatGPT export (conversations.json) is a list ([...])");
  std::vector<StoredConversation> read;
  try {
    for (std::size_t i = 0; i < document.size(); ++i) {
      const JsonFields conversation(document[i], "conversation " + std::to_string(i + 1));
      StoredConversation& stored = read.emplace_back();
      TreeReader(conversation, stored).read();
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
