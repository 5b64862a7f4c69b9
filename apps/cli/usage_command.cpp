// `tinychat usage`: the store's answers summed by day and model, with what they cost; and the
// cost column of `tinychat log --cost`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "checked_output.h"
#include "commands.h"
#include "conversation_access.h"
#include "usage_summary.h"

namespace tinychat::cli {

namespace {

// "2026-11-01" as local midnight in Unix milliseconds; nullopt when it is not such a date.
std::optional<std::int64_t> local_midnight_ms(const std::string& date) {
  std::tm parts{};
  int year = 0;
  int month = 0;
  int day = 0;
  char end = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 || month < 1 ||
      month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_isdst = -1;
  const std::time_t seconds = std::mktime(&parts);
  if (seconds == -1) return std::nullopt;
  return std::int64_t{seconds} * 1000;
}

std::string days_ago(int days) {
  const std::time_t then = std::time(nullptr) - std::time_t{days} * 86400;
  std::tm parts{};
  localtime_r(&then, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

std::string padded(std::string text, std::size_t width, bool right = false) {
  if (text.size() >= width) return text;
  const std::string pad(width - text.size(), ' ');
  return right ? pad + text : text + pad;
}

// The cost of one model's summed usage, when its price is known and it reported any.
std::optional<double> cost_of(const ModelUsage& row, const PriceTable& prices) {
  const ModelPrice* price = prices.find(row.model);
  if (price == nullptr || row.answers == 0) return std::nullopt;
  return usage_cost(row.usage, *price);
}

}  // namespace

PriceTable configured_prices() {
  Settings settings;
  // A broken config file is reported where it matters (sending); prices then are the shipped
  // ones.
  if (load_settings(default_config_path(process_environment()), settings)) return prices_with({});
  return prices_with(settings.prices);
}

ConversationCost conversation_cost(const Store& store, const std::string& conversation_id,
                                   const PriceTable& prices) {
  ConversationCost cost;
  std::vector<ModelUsage> rows;
  if (store.conversation_usage(conversation_id, rows)) return cost;
  for (const ModelUsage& row : rows) {
    if (const std::optional<double> usd = cost_of(row, prices)) {
      cost.usd = cost.usd.value_or(0) + *usd;
      cost.unpriced_answers += row.unreported;
    } else {
      cost.unpriced_answers += row.answers + row.unreported;
    }
  }
  return cost;
}

std::string ConversationCost::text() const {
  if (!usd) return "-";
  return format_usd(*usd) + (unpriced_answers > 0 ? "+?" : "");
}

int run_usage(const UsageOptions& options) {
  const std::string since = options.since.empty() ? days_ago(30) : options.since;
  const std::optional<std::int64_t> since_ms = local_midnight_ms(since);
  if (!since_ms) {
    report("--since must be a date like 2026-11-01, not " + options.since);
    return kExitUsage;
  }
  std::shared_ptr<Store> store;
  std::vector<ModelUsage> rows;
  Error error = Store::open(store_file(options.db, process_environment()), store);
  if (!error) error = store->usage_by_day(*since_ms, rows);
  if (error) {
    report(error.message);
    return kExitUsage;
  }
  const PriceTable prices = configured_prices();
  CheckedOutput out(stdout);
  if (options.json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const ModelUsage& row : rows) {
      const std::optional<double> cost = cost_of(row, prices);
      list.push_back({{"day", row.day},
                      {"provider", row.provider},
                      {"model", row.model},
                      {"answers", row.answers},
                      {"answers_without_usage", row.unreported},
                      {"input_tokens", row.usage.input_tokens},
                      {"output_tokens", row.usage.output_tokens},
                      {"cached_tokens", row.usage.cached_tokens},
                      {"reasoning_tokens", row.usage.reasoning_tokens},
                      {"cost_usd", cost ? nlohmann::ordered_json(*cost) : nullptr}});
    }
    out.write_received(list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    return out.finish(kExitOk, "the usage");
  }
  std::size_t model_width = 5;
  for (const ModelUsage& row : rows) model_width = std::max(model_width, row.model.size());
  out.write_received(padded("day", 12) + padded("model", model_width + 2) + padded("answers", 9) +
                     padded("in", 8, true) + padded("out", 8, true) + "  cost\n");
  UsageTotal total;
  for (const ModelUsage& row : rows) {
    const std::optional<double> cost = cost_of(row, prices);
    std::string cost_text = cost ? format_usd(*cost) : "-";
    if (cost && row.unreported > 0) cost_text += "+?";
    out.write_received(
        padded(row.day, 12) + padded(row.model.empty() ? "-" : row.model, model_width + 2) +
        padded(std::to_string(row.answers + row.unreported), 9) +
        padded(short_count(row.usage.input_tokens), 8, true) +
        padded(short_count(row.usage.output_tokens), 8, true) + "  " + cost_text + "\n");
    total.add_stored(row, prices.find(row.model));
  }
  out.write_received("since " + since + ": " +
                     (total.answers == 0 ? std::string("no answers") : total.describe()) + "\n");
  return out.finish(kExitOk, "the usage");
}

}  // namespace tinychat::cli
