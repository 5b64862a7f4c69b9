#include "tinychat/pricing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "config/settings_json.h"
#include "tinychat/model_catalog.h"
#include "tinychat/settings.h"
#include "unit/providers/decode_helpers.h"

namespace tinychat {
namespace {

using ::testing::DoubleNear;
using ::testing::Optional;

const char* const kProviders[] = {"openai", "anthropic", "mistral", "together", "gemini", "cohere"};

// The catalog's models the shipped table leaves out because their prices were not known when
// it was written: they show no cost rather than a guessed one.
const std::set<std::string> kUnpriced = {"gpt-5.4",
                                         "gpt-5.4-mini",
                                         "claude-opus-4-6",
                                         "claude-sonnet-4-6",
                                         "mistral-large-latest",
                                         "command-a-reasoning-08-2025",
                                         "gemini-3.1-pro-preview",
                                         "gemini-3.6-flash",
                                         "gemini-3.1-flash-lite"};

TEST(Pricing, EveryShippedPriceHasItsDateAndSource) {
  const PriceTable& table = PriceTable::built_in();
  ASSERT_GE(table.models().size(), 20u);
  const std::regex month(R"(20[0-9]{2}-(0[1-9]|1[0-2]))");
  for (const auto& [model, price] : table.models()) {
    EXPECT_TRUE(price.known()) << model;
    EXPECT_TRUE(std::regex_match(price.checked, month)) << model << ": " << price.checked;
    EXPECT_TRUE(price.source.starts_with("https://")) << model << ": " << price.source;
    if (price.cached_input >= 0) {
      EXPECT_LE(price.cached_input, price.input) << model;
    }
  }
}

TEST(Pricing, TheShippedTableCoversTheCatalogButWhatWasNotKnown) {
  const PriceTable& table = PriceTable::built_in();
  std::set<std::string> catalog;
  for (const char* provider : kProviders) {
    for (const CatalogModel& model : catalog_models(provider)) {
      catalog.insert(std::string(model.id));
      const bool priced = table.find(model.id) != nullptr;
      EXPECT_EQ(priced, !kUnpriced.contains(std::string(model.id))) << model.id;
    }
  }
  for (const auto& [model, price] : table.models()) {
    EXPECT_TRUE(catalog.contains(model)) << model << " is priced but not in the catalog";
  }
}

TEST(Pricing, ADatedSnapshotHasItsModelsPrice) {
  const PriceTable& table = PriceTable::built_in();
  EXPECT_EQ(table.find("gpt-4o-2024-08-06"), table.find("gpt-4o"));
  EXPECT_EQ(table.find("claude-haiku-4-5-20251001"), table.find("claude-haiku-4-5"));
  EXPECT_EQ(table.find("gpt-4o-mini"), nullptr);  // another model, not a snapshot
  EXPECT_EQ(table.find("my-local-model"), nullptr);
}

TEST(Pricing, AnUnknownPriceGivesNoCostNeverZero) {
  Usage usage;
  usage.input_tokens = 1000;
  usage.output_tokens = 50;
  EXPECT_EQ(usage_cost(usage, ModelPrice{}), std::nullopt);
  EXPECT_EQ(describe_usage(usage, std::nullopt), "1.0k in · 50 out");
  ModelPrice price;
  price.input = 1;
  price.output = 2;
  EXPECT_EQ(usage_cost(Usage{}, price), std::nullopt);  // counts not reported
}

TEST(Pricing, DescribesUsageShortly) {
  Usage usage;
  usage.input_tokens = 1234;
  usage.output_tokens = 56;
  EXPECT_EQ(describe_usage(usage, 0.0042), "1.2k in · 56 out · $0.0042");
  EXPECT_EQ(short_count(999), "999");
  EXPECT_EQ(short_count(12'345), "12k");
  EXPECT_EQ(short_count(3'400'000), "3.4M");
  EXPECT_EQ(format_usd(0.00031), "$0.00031");
  EXPECT_EQ(format_usd(0.123), "$0.12");
  EXPECT_EQ(format_usd(12.345), "$12.35");
}

// OpenAI: prompt_tokens includes the cached tokens, completion_tokens the reasoning ones.
TEST(Pricing, OpenAIUsageCountsCachedAndReasoningTokensOnce) {
  auto decoded = testing::decode_data(
      *testing::provider_for(ApiFamily::openai),
      {R"({"id":"c1","choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500,"prompt_tokens_details":{"cached_tokens":400},"completion_tokens_details":{"reasoning_tokens":200}}})"});
  ModelPrice price;
  price.input = 1.25;
  price.cached_input = 0.125;
  price.output = 10;
  price.reasoning = 20;  // apart from output, to see each counted once
  // 600 × 1.25 + 400 × 0.125 + 300 × 10 + 200 × 20, per million.
  EXPECT_THAT(usage_cost(decoded.usage, price), Optional(DoubleNear(0.0078, 1e-12)));
}

// Anthropic: input_tokens leaves the cache reads out; they are counted once, at their price.
TEST(Pricing, AnthropicUsageCountsCacheReadsOnce) {
  auto provider = testing::provider_for(ApiFamily::anthropic);
  auto decoded = testing::decode_events(
      *provider,
      {{"message_start",
        R"({"type":"message_start","message":{"id":"m","usage":{"input_tokens":25,"cache_read_input_tokens":100,"cache_creation_input_tokens":0,"output_tokens":1}}})"},
       {"message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}})"}});
  const ModelPrice* price = PriceTable::built_in().find("claude-sonnet-4-5");
  ASSERT_NE(price, nullptr);
  // 25 × 3 + 100 × 0.30 + 15 × 15, per million.
  EXPECT_THAT(usage_cost(decoded.usage, *price), Optional(DoubleNear(0.000330, 1e-12)));
}

// Gemini: thoughts are counted apart from the candidates; cached content is part of the prompt.
TEST(Pricing, GeminiUsageCountsThoughtsAndCachedContentOnce) {
  auto decoded = testing::decode_data(
      *testing::provider_for(ApiFamily::gemini),
      {R"({"candidates":[{"content":{"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":20,"thoughtsTokenCount":12,"cachedContentTokenCount":4,"totalTokenCount":41}})"});
  const ModelPrice* price = PriceTable::built_in().find("gemini-2.5-pro");
  ASSERT_NE(price, nullptr);
  // 5 × 1.25 + 4 × 0.31 + 20 × 10 + 12 × 10, per million.
  EXPECT_THAT(usage_cost(decoded.usage, *price), Optional(DoubleNear(0.00032749, 1e-12)));
}

TEST(Pricing, TheConfigFileAddsAndOverridesPrices) {
  config::Json root = config::Json::parse(
      R"({"prices": {"my-model": {"input": 0.5, "output": 1.5}, "gpt-4o": {"input": 1, "output": 2}}})");
  Settings settings;
  ASSERT_EQ(config::settings_from_json(root, settings), "");
  const PriceTable table = prices_with(settings.prices);
  ASSERT_NE(table.find("my-model"), nullptr);
  EXPECT_EQ(table.find("my-model")->input, 0.5);
  EXPECT_EQ(table.find("my-model")->output, 1.5);
  EXPECT_EQ(table.find("gpt-4o")->input, 1);
  EXPECT_EQ(table.find("gpt-4o")->cached_input, -1);  // the whole entry replaced
  EXPECT_NE(table.find("gpt-5"), nullptr);            // the rest kept
}

TEST(Pricing, AConfigPriceMustBeANumberAndNeedsInputAndOutput) {
  Settings settings;
  EXPECT_EQ(
      config::settings_from_json(
          config::Json::parse(R"({"prices": {"m": {"input": "cheap", "output": 1}}})"), settings),
      "prices.m.input must be a number of US dollars per million tokens");
  EXPECT_EQ(config::settings_from_json(config::Json::parse(R"({"prices": {"m": {"input": 1}}})"),
                                       settings),
            "prices.m needs \"output\" (US dollars per million tokens)");
  EXPECT_EQ(config::settings_from_json(
                config::Json::parse(R"({"prices": {"m": {"input": -1, "output": 1}}})"), settings),
            "prices.m.input must be a number of US dollars per million tokens");
}

TEST(Pricing, CatalogModelsKnowTheirContextWindow) {
  EXPECT_EQ(context_window("gpt-4o"), 128000);
  EXPECT_EQ(context_window("claude-sonnet-4-5"), 200000);
  EXPECT_EQ(context_window("my-local-model"), 0);
}

}  // namespace
}  // namespace tinychat
