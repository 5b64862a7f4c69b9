#include "price_table_json.h"

namespace tinychat::config {

namespace {

std::string read_price(const Json& object, const char* name, const std::string& where,
                       bool required, double& out) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) {
    return required ? where + " needs \"" + name + "\" (US dollars per million tokens)"
                    : std::string();
  }
  if (!it->is_number() || it->get<double>() < 0) {
    return where + "." + name + " must be a number of US dollars per million tokens";
  }
  out = it->get<double>();
  return {};
}

std::string read_text(const Json& object, const char* name, const std::string& where,
                      std::string& out) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) return where + "." + name + " must be a string";
  out = it->get<std::string>();
  return {};
}

}  // namespace

std::string read_prices(const Json& object, const std::string& where,
                        std::map<std::string, ModelPrice>& out) {
  if (!object.is_object()) return where + " must be an object of model names";
  for (const auto& [model, value] : object.items()) {
    const std::string at = where + "." + model;
    if (!value.is_object()) return at + " must be an object ({\"input\": 0.5, \"output\": 1.5})";
    ModelPrice price;
    for (auto [name, field, required] :
         {std::tuple{"input", &price.input, true}, std::tuple{"output", &price.output, true},
          std::tuple{"cached_input", &price.cached_input, false},
          std::tuple{"reasoning", &price.reasoning, false}}) {
      if (auto problem = read_price(value, name, at, required, *field); !problem.empty()) {
        return problem;
      }
    }
    if (auto problem = read_text(value, "checked", at, price.checked); !problem.empty()) {
      return problem;
    }
    if (auto problem = read_text(value, "source", at, price.source); !problem.empty()) {
      return problem;
    }
    out[model] = std::move(price);
  }
  return {};
}

}  // namespace tinychat::config
