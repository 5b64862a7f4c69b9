#include "store/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace tinychat::store {
namespace {

TEST(Ids, SixteenCharactersOfCrockfordsAlphabet) {
  const std::string id = new_id();
  ASSERT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos) << id;
}

TEST(Ids, SortByCreationTimeWhateverTheirRandomPart) {
  EXPECT_LT(encode_id(1'700'000'000'000, 0xffffffff), encode_id(1'700'000'000'001, 0));
  // The time's low byte shares a character with the random part.
  EXPECT_LT(encode_id(1'700'000'000'255, 0xffffffff), encode_id(1'700'000'000'256, 0));
  EXPECT_LT(encode_id(1'799'999'999'999, 0xffffffff), encode_id(2'000'000'000'000, 0));
  EXPECT_EQ(encode_id(0, 0), "0000000000000000");
  EXPECT_EQ(encode_id(0xffffffffffff, 0xffffffff), "zzzzzzzzzzzzzzzz");
}

TEST(Ids, StrictlyIncreaseWithinAProcessEvenInOneMillisecondOrWhenTheClockStepsBack) {
  std::vector<std::string> ids;
  for (int i = 0; i < 10'000; ++i) ids.push_back(new_id(1'900'000'000'000));
  ids.push_back(new_id(1'800'000'000'000));  // the clock stepped back
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(Ids, APrefixReadsAsPeopleTypeIt) {
  EXPECT_EQ(normalize_id_prefix("06H2-7QPR"), "06h27qpr");
  EXPECT_EQ(normalize_id_prefix("O1LI"), "0111");
  EXPECT_EQ(normalize_id_prefix("06h2u"), std::nullopt);  // no U in Crockford's alphabet
  EXPECT_EQ(normalize_id_prefix("06 h2"), std::nullopt);
}

}  // namespace
}  // namespace tinychat::store
