// Which pieces of a streamed body ChatSession tells the HTTP session were progress: only those
// that completed an event with content. Comments, blank events and pings are padding, and do
// not hold off the idle timeout.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/fake_provider.h"
#include "mocks/mock_session.h"
#include "tinychat/chat_session.h"

namespace tinychat {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using testing::FakeProvider;
using testing::MockSession;

// Feeds `pieces` to the body callback and records whether each one was progress.
std::vector<bool> progress_of(std::vector<std::string> pieces) {
  auto http = std::make_shared<MockSession>();
  std::vector<bool> progress;
  EXPECT_CALL(*http, post(_, _, _))
      .WillOnce([&](const HttpRequest&, BodyCallback on_body, CompletionCallback on_done) {
        HttpResult result;
        result.status = 200;
        for (const std::string& piece : pieces) {
          const BodyVerdict verdict = on_body(piece);
          EXPECT_TRUE(verdict.keep_going);
          progress.push_back(verdict.progress);
        }
        on_done(result);
        return PendingResponse::ready(result);
      });
  ChatSession chat(http, std::make_shared<FakeProvider>(), {"m", "", std::nullopt, std::nullopt});
  chat.stream_response("hi").get();
  return progress;
}

TEST(TurnProgress, CommentsAreOnlyPadding) {
  EXPECT_THAT(progress_of({": keep-alive\n\n", ":\n\n", ": OPENROUTER PROCESSING\n\n"}),
              ElementsAre(false, false, false));
}

TEST(TurnProgress, EmptyDataEventsAreOnlyPadding) {
  EXPECT_THAT(progress_of({"data:\n\n", "data: \n\n", "data:\ndata:\n\n"}),
              ElementsAre(false, false, false));
}

TEST(TurnProgress, AnthropicsPingIsOnlyPadding) {
  EXPECT_THAT(progress_of({"event: ping\ndata: {\"type\": \"ping\"}\n\n"}), ElementsAre(false));
}

TEST(TurnProgress, AnEventWithDataIsProgressWhenItCompletes) {
  // Half an event is not yet anything; the piece that completes it is.
  EXPECT_THAT(
      progress_of({"data: Hel", "lo\n\n", ": keep-alive\n\ndata: !\n\n", "data: [END]\n\n"}),
      ElementsAre(false, true, true, true));
}

}  // namespace
}  // namespace tinychat
