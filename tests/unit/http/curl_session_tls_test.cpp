// CurlSession against a real TLS server on 127.0.0.1 whose certificate the test's own CA signed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>

#include "support/loopback_server.h"
#include "support/test_certificates.h"
#include "tinychat/curl_session.h"

namespace tinychat {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using testing::Reply;
using testing::TestCertificates;

HttpResult post_and_wait(CurlSession& session, const std::string& url, std::string* streamed) {
  HttpRequest request;
  request.url = url;
  request.body = "{}";
  std::mutex mutex;
  BodyCallback on_body;
  if (streamed != nullptr) {
    on_body = [&](std::string_view piece) {
      std::lock_guard lock(mutex);
      streamed->append(piece);
      return true;
    };
  }
  PendingResponse pending = session.post(request, on_body, {});
  if (pending.wait_for(10s) != std::future_status::ready) {
    ADD_FAILURE() << "no end within 10 s";
    pending.cancel();
  }
  return pending.get();
}

class CurlSessionTls : public ::testing::Test {
 protected:
  TestCertificates certificates;
  LoopbackServer server{certificates.server_identity()};
};

TEST_F(CurlSessionTls, RefusesAServerSignedByACaItWasNotGiven) {
  server.set_fallback(Reply::stream({"data: secret\n\n"}));
  CurlSession session;  // The system's bundle: the test's CA is not in it.
  const HttpResult result = post_and_wait(session, server.url("/v1/chat"), nullptr);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message, HasSubstr("TLS with 127.0.0.1 failed"));
  EXPECT_THAT(result.error.message, HasSubstr("certificate"));
  EXPECT_EQ(server.request_count(), 0u);  // Nothing was sent to a server it could not trust.
}

TEST_F(CurlSessionTls, StreamsFromAServerSignedByTheCaFile) {
  server.enqueue(Reply::stream({"data: one\n\n", "data: two\n\n"}));
  CurlSessionOptions options;
  options.ca_file = certificates.ca_file();
  CurlSession session(options);
  std::string streamed;
  const HttpResult result = post_and_wait(session, server.url("/v1/chat"), &streamed);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(streamed, "data: one\n\ndata: two\n\n");
  ASSERT_TRUE(server.wait_for_requests(1));
  EXPECT_EQ(server.request(0).body, "{}");
}

TEST_F(CurlSessionTls, ANewConnectionResumesTheSessionsTlsSession) {
  // The server closes after each reply, so every request needs a new connection: the second
  // (a chat's next turn after the server dropped the idle connection) resumes the TLS session
  // of the first instead of a full handshake.
  server.set_fallback(Reply::stream({"data: one\n\n"}).with_close());
  CurlSessionOptions options;
  options.ca_file = certificates.ca_file();
  CurlSession session(options);
  for (int i = 0; i < 3; ++i) {
    std::string streamed;
    const HttpResult result = post_and_wait(session, server.url("/v1/chat"), &streamed);
    EXPECT_TRUE(result.is_success()) << result.error.message;
  }
  EXPECT_EQ(server.connection_count(), 3u);
  EXPECT_EQ(server.resumed_sessions(), 2u);
}

TEST_F(CurlSessionTls, TrustsACaFoundInAHashedFolder) {
  server.enqueue(Reply::json(200, R"({"data":[]})"));
  CurlSessionOptions options;
  options.ca_dir = certificates.hashed_ca_folder();
  CurlSession session(options);
  const HttpResult result = post_and_wait(session, server.url("/v1/models"), nullptr);
  EXPECT_TRUE(result.is_success()) << result.error.message;
  EXPECT_EQ(result.body, R"({"data":[]})");
}

TEST_F(CurlSessionTls, ACaFileReplacesTheSystemBundleRatherThanAddingAnyCa) {
  TestCertificates other;  // Another CA, which did not sign the server's certificate.
  server.set_fallback(Reply::json(200, "{}"));
  CurlSessionOptions options;
  options.ca_file = other.ca_file();
  CurlSession session(options);
  const HttpResult result = post_and_wait(session, server.url("/"), nullptr);
  EXPECT_EQ(result.error.code, ErrorCode::network);
  EXPECT_THAT(result.error.message, HasSubstr("TLS with 127.0.0.1 failed"));
}

}  // namespace
}  // namespace tinychat
