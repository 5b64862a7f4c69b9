// list_models: the request goes out through the session without a body callback, and the reply
// becomes the models or an error worded as chat errors are, never holding the key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "mocks/fake_provider.h"
#include "mocks/mock_session.h"
#include "tinychat/model_list.h"

namespace tinychat {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using testing::FailWith;
using testing::FakeProvider;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::MockSession;
using ::testing::Not;
using testing::Reply;

constexpr const char* kKey = "sk-very-secret";

class ModelListingTest : public ::testing::Test {
 protected:
  MockSession http;
  FakeProvider provider{kKey};
};

TEST_F(ModelListingTest, GetsTheProvidersRequestAndCollectsTheWholeBody) {
  HttpRequest sent;
  bool had_body_callback = true;
  EXPECT_CALL(http, post(_, _, _))
      .WillOnce([&](const HttpRequest& request, BodyCallback on_body, CompletionCallback on_done) {
        sent = request;
        had_body_callback = static_cast<bool>(on_body);
        return Reply(200, {"fake-small\nfake-", "large\n\n"})(request, on_body, on_done);
      });
  ModelListResult result = list_models(http, provider).get();

  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.models, ElementsAre(ModelInfo{"fake-small", ""}, ModelInfo{"fake-large", ""}));
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "http://127.0.0.1:9/v1/models");
  EXPECT_FALSE(had_body_callback);
}

TEST_F(ModelListingTest, AnEmptyListIsNoError) {
  EXPECT_CALL(http, post(_, _, _)).WillOnce(Reply(200, {}));
  ModelListResult result = list_models(http, provider).get();
  EXPECT_FALSE(result.error) << result.error.message;
  EXPECT_THAT(result.models, IsEmpty());
}

TEST_F(ModelListingTest, ReturnsAtOnceAndRunsOnDoneOnceBeforeTheResultIsReady) {
  CompletionCallback complete;
  EXPECT_CALL(http, post(_, _, _))
      .WillOnce([&](const HttpRequest&, BodyCallback, CompletionCallback on_done) {
        complete = std::move(on_done);
        return PendingResponse(std::promise<HttpResult>().get_future(), [] {});
      });
  std::atomic<int> calls{0};
  std::atomic<bool> ready_inside_on_done{true};
  std::vector<ModelInfo> seen;
  PendingModels pending = list_models(http, provider, [&](const ModelListResult& result) {
    ++calls;
    seen = result.models;
  });
  ASSERT_TRUE(pending.valid());
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  ASSERT_TRUE(complete);

  std::thread session_thread([&] {
    HttpResult reply;
    reply.status = 200;
    reply.body = "fake-a\n";
    complete(reply);
  });
  session_thread.join();
  ModelListResult result = pending.get();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_THAT(seen, ElementsAre(ModelInfo{"fake-a", ""}));
  EXPECT_EQ(result.models, seen);
}

TEST_F(ModelListingTest, OnDoneSeesTheFutureNotYetReady) {
  PendingModels* pending_ptr = nullptr;
  std::future_status inside = std::future_status::ready;
  CompletionCallback complete;
  EXPECT_CALL(http, post(_, _, _))
      .WillOnce([&](const HttpRequest&, BodyCallback, CompletionCallback on_done) {
        complete = std::move(on_done);
        return PendingResponse(std::promise<HttpResult>().get_future(), [] {});
      });
  PendingModels pending = list_models(http, provider, [&](const ModelListResult&) {
    inside = pending_ptr->wait_for(std::chrono::milliseconds(0));
  });
  pending_ptr = &pending;
  HttpResult reply;
  reply.status = 200;
  complete(reply);
  EXPECT_EQ(inside, std::future_status::timeout);
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(0)), std::future_status::ready);
}

TEST_F(ModelListingTest, AnErrorStatusIsWordedAsChatErrorsAre) {
  EXPECT_CALL(http, post(_, _, _)).WillOnce(Reply(401, {"message=invalid x-api-key"}));
  int calls = 0;
  ModelListResult result =
      list_models(http, provider, [&](const ModelListResult&) { ++calls; }).get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.http_status, 401);
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 401: invalid x-api-key");
  EXPECT_THAT(result.models, IsEmpty());
  EXPECT_EQ(calls, 1);
}

TEST_F(ModelListingTest, AnErrorStatusWithoutAProviderMessageQuotesTheBody) {
  EXPECT_CALL(http, post(_, _, _)).WillOnce(Reply(502, {"<html>\n  Bad Gateway\n</html>"}));
  ModelListResult result = list_models(http, provider).get();
  EXPECT_EQ(result.error.code, ErrorCode::http_status);
  EXPECT_EQ(result.error.message,
            "Server responded with an error. Status Code: 502: <html> Bad Gateway </html>");
}

TEST_F(ModelListingTest, TransportErrorsPassThrough) {
  EXPECT_CALL(http, post(_, _, _))
      .WillOnce(FailWith(ErrorCode::network, "Could not connect to 127.0.0.1:9"));
  int calls = 0;
  ModelListResult result =
      list_models(http, provider, [&](const ModelListResult&) { ++calls; }).get();
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_EQ(result.error.message, "Could not connect to 127.0.0.1:9");
  EXPECT_THAT(result.models, IsEmpty());
  EXPECT_EQ(calls, 1);
}

TEST_F(ModelListingTest, ABodyThatIsNoListIsTheProvidersDecodingError) {
  EXPECT_CALL(http, post(_, _, _)).WillOnce(Reply(200, {"fake-a\n<html>\n"}));
  ModelListResult result = list_models(http, provider).get();
  EXPECT_EQ(result.error.code, ErrorCode::malformed_stream);
  EXPECT_EQ(result.error.message, "not a model id: <html>");
  EXPECT_THAT(result.models, IsEmpty());
}

TEST_F(ModelListingTest, TheKeyNeverAppearsEvenWhenTheServerEchoesIt) {
  const std::string echo = std::string("Invalid API key: ") + kKey;
  EXPECT_CALL(http, post(_, _, _))
      .WillOnce(Reply(401, {"message=" + echo}))
      .WillOnce(Reply(403, {"<p>" + echo + "</p>"}))
      .WillOnce(FailWith(ErrorCode::network, "Proxy refused " + echo))
      .WillOnce(Reply(200, {"<b>" + echo + "</b>"}));
  for (int i = 0; i < 4; ++i) {
    std::string seen_in_on_done;
    ModelListResult result = list_models(http, provider, [&](const ModelListResult& r) {
                               seen_in_on_done = r.error.message;
                             }).get();
    ASSERT_TRUE(result.error) << i;
    EXPECT_THAT(result.error.message, Not(HasSubstr(kKey))) << i;
    EXPECT_THAT(result.error.message, HasSubstr("Invalid API key: [redacted]")) << i;
    EXPECT_EQ(seen_in_on_done, result.error.message) << i;
  }
}

TEST_F(ModelListingTest, CancelStopsTheTransfer) {
  std::atomic<int> cancels{0};
  EXPECT_CALL(http, post(_, _, _))
      .WillOnce([&](const HttpRequest&, BodyCallback, CompletionCallback) {
        return PendingResponse(std::promise<HttpResult>().get_future(), [&] { ++cancels; });
      });
  PendingModels pending = list_models(http, provider);
  pending.cancel();
  pending.cancel();
  EXPECT_EQ(cancels.load(), 2);
}

TEST_F(ModelListingTest, AThrowingOnDoneStillFulfilsTheResult) {
  EXPECT_CALL(http, post(_, _, _)).WillOnce(Reply(200, {"fake-a\n"}));
  PendingModels pending =
      list_models(http, provider, [](const ModelListResult&) { throw std::runtime_error("x"); });
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_THAT(pending.get().models, ElementsAre(ModelInfo{"fake-a", ""}));
}

}  // namespace
}  // namespace tinychat
