#include "tinychat/pricing.h"

#include <cmath>
#include <cstdio>

#include "price_table_json.h"

namespace tinychat {

namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// "-2024-08-06" or "-20251001": the date a provider gives a snapshot of a model.
bool is_date_suffix(std::string_view suffix) {
  if (suffix.size() == 9) return suffix[0] == '-' && all_digits(suffix.substr(1));
  return suffix.size() == 11 && suffix[0] == '-' && suffix[5] == '-' && suffix[8] == '-' &&
         all_digits(suffix.substr(1, 4)) && all_digits(suffix.substr(6, 2)) &&
         all_digits(suffix.substr(9, 2));
}

PriceTable load_built_in() {
  PriceTable table;
  std::map<std::string, ModelPrice> prices;
  const config::Json root = config::Json::parse(config::kBuiltInPricesJson);
  // The file is ours and tested (PricingTest.TheShippedTableParses): a problem here is a bug.
  if (config::read_prices(root.at("models"), "models", prices).empty()) {
    for (auto& [model, price] : prices) table.set(model, std::move(price));
  }
  return table;
}

}  // namespace

const PriceTable& PriceTable::built_in() {
  static const PriceTable table = load_built_in();
  return table;
}

const ModelPrice* PriceTable::find(std::string_view model) const {
  if (const auto it = models_.find(model); it != models_.end()) return &it->second;
  for (std::size_t length : {std::size_t{9}, std::size_t{11}}) {
    if (model.size() > length && is_date_suffix(model.substr(model.size() - length))) {
      if (const auto it = models_.find(model.substr(0, model.size() - length));
          it != models_.end()) {
        return &it->second;
      }
    }
  }
  return nullptr;
}

void PriceTable::set(std::string model, ModelPrice price) {
  models_[std::move(model)] = std::move(price);
}

PriceTable prices_with(const std::map<std::string, ModelPrice>& overrides) {
  PriceTable table = PriceTable::built_in();
  for (const auto& [model, price] : overrides) table.set(model, price);
  return table;
}

std::optional<double> usage_cost(const Usage& usage, const ModelPrice& price) {
  if (!price.known() || usage.input_tokens < 0 || usage.output_tokens < 0) return std::nullopt;
  const double cached = static_cast<double>(std::max<std::int64_t>(usage.cached_tokens, 0));
  const double reasoning = static_cast<double>(std::max<std::int64_t>(usage.reasoning_tokens, 0));
  const double input = std::max(0.0, static_cast<double>(usage.input_tokens) - cached);
  const double output = std::max(0.0, static_cast<double>(usage.output_tokens) - reasoning);
  const double cached_price = price.cached_input >= 0 ? price.cached_input : price.input;
  const double reasoning_price = price.reasoning >= 0 ? price.reasoning : price.output;
  return (input * price.input + cached * cached_price + output * price.output +
          reasoning * reasoning_price) /
         1e6;
}

std::string short_count(std::int64_t count) {
  if (count < 0) return "?";
  if (count < 1000) return std::to_string(count);
  char text[32];
  const double value = static_cast<double>(count);
  if (count < 1'000'000) {
    std::snprintf(text, sizeof text, count < 10'000 ? "%.1fk" : "%.0fk", value / 1e3);
  } else {
    std::snprintf(text, sizeof text, count < 10'000'000 ? "%.1fM" : "%.0fM", value / 1e6);
  }
  return text;
}

std::string format_usd(double usd) {
  char text[32];
  if (usd >= 0.995 || usd == 0) {
    std::snprintf(text, sizeof text, "$%.2f", usd);
  } else {
    // Two significant digits: $0.0042, $0.00031, $0.12.
    const int decimals = std::max(2, 1 - static_cast<int>(std::floor(std::log10(usd))));
    std::snprintf(text, sizeof text, "$%.*f", std::min(decimals, 8), usd);
  }
  return text;
}

std::string describe_usage(const Usage& usage, std::optional<double> cost) {
  std::string line = short_count(usage.input_tokens);
  line.append(" in · ").append(short_count(usage.output_tokens)).append(" out");
  if (cost) line.append(" · ").append(format_usd(*cost));
  return line;
}

}  // namespace tinychat
