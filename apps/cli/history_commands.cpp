#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "checked_output.h"
#include "commands.h"
#include "conversation_access.h"
#include "tinychat/conversation_io.h"
#include "tinychat/export.h"

namespace tinychat::cli {

namespace {

// "2026-11-28 21:30" in local time: what a person reads in a list.
std::string local_time(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm parts{};
  localtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &parts);
  return text;
}

Error open_store(const std::string& db, std::shared_ptr<Store>& store) {
  return Store::open(store_file(db, process_environment()), store);
}

Error find_or_latest(Store& store, const std::string& id, ConversationSummary& out) {
  if (!id.empty()) return store.find_conversation(id, out);
  std::vector<ConversationSummary> recent;
  if (Error error = store.recent_conversations(1, recent)) return error;
  if (recent.empty()) {
    return Error(ErrorCode::invalid_argument,
                 "no conversations in " + store.path().string() + " yet");
  }
  out = recent.front();
  return {};
}

nlohmann::ordered_json summary_json(const ConversationSummary& c) {
  return {{"id", c.id},
          {"title", c.title},
          {"created_ms", c.created_ms},
          {"updated_ms", c.updated_ms},
          {"model", c.model},
          {"turns", c.turns}};
}

// `cost`: the --cost column ("$0.012", "-"), "" without --cost.
std::string summary_line(const ConversationSummary& c, const std::string& cost = {}) {
  std::string line = c.id + "  " + local_time(c.updated_ms) + "  ";
  std::string model = c.model.empty() ? "-" : c.model;
  model.resize(std::max<std::size_t>(model.size(), 24), ' ');
  line += model + "  " + std::to_string(c.turns) + (c.turns == 1 ? " turn   " : " turns  ");
  if (!cost.empty()) line += cost + std::string(cost.size() < 10 ? 10 - cost.size() : 1, ' ');
  return line + c.title + "\n";
}

}  // namespace

int run_log(const LogOptions& options) {
  std::shared_ptr<Store> store;
  if (Error error = open_store(options.db, store)) {
    report(error.message);
    return kExitUsage;
  }
  CheckedOutput out(stdout);
  if (!options.query.empty()) {
    std::vector<SearchHit> hits;
    SearchOptions search;
    search.limit = options.limit;
    if (Error error = store->search(options.query, search, hits)) {
      report(error.message);
      return kExitUsage;
    }
    if (options.json) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const SearchHit& hit : hits) {
        nlohmann::ordered_json entry = summary_json(hit.conversation);
        entry["message_id"] = hit.message_id;
        entry["role"] = to_string(hit.role);
        entry["snippet"] = hit.snippet;
        list.push_back(std::move(entry));
      }
      out.write_received(list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    } else {
      for (const SearchHit& hit : hits) {
        out.write_received(summary_line(hit.conversation));
        out.write_received("    " + std::string(to_string(hit.role)) + ": " + hit.snippet + "\n");
      }
    }
    return out.finish(kExitOk, "the list");
  }
  std::vector<ConversationSummary> recent;
  if (Error error = store->recent_conversations(options.limit, recent)) {
    report(error.message);
    return kExitUsage;
  }
  const PriceTable prices = options.cost ? configured_prices() : PriceTable();
  auto cost_of = [&](const ConversationSummary& c) {
    return options.cost ? conversation_cost(*store, c.id, prices) : ConversationCost();
  };
  if (options.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ConversationSummary& c : recent) {
      nlohmann::ordered_json entry = summary_json(c);
      if (options.cost) {
        const ConversationCost cost = cost_of(c);
        entry["cost_usd"] = cost.usd ? nlohmann::ordered_json(*cost.usd) : nullptr;
        entry["answers_of_unknown_cost"] = cost.unpriced_answers;
      }
      list.push_back(std::move(entry));
    }
    out.write_received(list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } else {
    for (const ConversationSummary& c : recent) {
      out.write_received(summary_line(c, options.cost ? cost_of(c).text() : std::string()));
    }
  }
  return out.finish(kExitOk, "the list");
}

int run_show(const ShowOptions& options) {
  std::shared_ptr<Store> store;
  ConversationSummary conversation;
  StoredConversation whole;
  Error error = open_store(options.db, store);
  if (!error) error = find_or_latest(*store, options.id, conversation);
  if (!error) error = store->load_conversation(conversation.id, whole);
  if (error) {
    report(error.message);
    return kExitUsage;
  }
  const History history = current_history(whole);
  CheckedOutput out(stdout);
  if (options.format == "json") {
    out.write_received(export_json(history));
  } else if (options.format == "md") {
    out.write_received(export_markdown(history));
  } else {
    out.write_received(export_text(history));
    out.write_received("\n");
  }
  return out.finish(kExitOk, "the conversation");
}

int run_rm(const RmOptions& options) {
  std::shared_ptr<Store> store;
  ConversationSummary conversation;
  Error error = open_store(options.db, store);
  if (!error) error = store->find_conversation(options.id, conversation);
  if (!error) error = store->delete_conversation(conversation.id);
  if (error) {
    report(error.message);
    return kExitUsage;
  }
  std::string done = "removed conversation " + conversation.id;
  if (!conversation.title.empty()) done += " (" + conversation.title + ")";
  report(done);
  return kExitOk;
}

}  // namespace tinychat::cli
