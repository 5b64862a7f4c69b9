#include "tinychat/model_catalog.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tinychat/provider_registry.h"

namespace tinychat {
namespace {

TEST(ModelCatalog, EveryBuiltinProviderHasModels) {
  for (const BuiltinProvider& provider : builtin_providers()) {
    EXPECT_FALSE(catalog_models(provider.name).empty()) << provider.name;
  }
}

// The picker infers the provider from the model name when the user types one, so every catalog
// entry must lead back to the provider it is listed under.
TEST(ModelCatalog, EachModelImpliesItsOwnProvider) {
  for (const BuiltinProvider& provider : builtin_providers()) {
    for (const CatalogModel& model : catalog_models(provider.name)) {
      EXPECT_EQ(infer_provider_from_model(model.id), provider.name) << model.id;
      EXPECT_FALSE(model.label.empty()) << model.id;
    }
  }
}

TEST(ModelCatalog, ListsNoModelTwice) {
  std::set<std::string> seen;
  for (const BuiltinProvider& provider : builtin_providers()) {
    for (const CatalogModel& model : catalog_models(provider.name)) {
      EXPECT_TRUE(seen.insert(std::string(model.id)).second) << model.id;
    }
  }
}

TEST(ModelCatalog, IncludesEachProvidersDefaultModel) {
  for (const BuiltinProvider& provider : builtin_providers()) {
    bool found = false;
    for (const CatalogModel& model : catalog_models(provider.name))
      found |= model.id == provider.default_model;
    EXPECT_TRUE(found) << provider.name << " default " << provider.default_model;
  }
}

TEST(ModelCatalog, UnknownProviderHasNone) { EXPECT_TRUE(catalog_models("ollama").empty()); }

}  // namespace
}  // namespace tinychat
