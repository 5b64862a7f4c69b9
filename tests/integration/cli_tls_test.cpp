// The real `tinychat` program against an HTTPS server on 127.0.0.1 whose certificate the test's
// own CA signed: a private CA reaches it through --cacert, the usual variables or the config.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "support/loopback_server.h"
#include "support/test_certificates.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using testing::CliRunner;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LoopbackServer;
using testing::read_test_data;
using testing::Reply;
using testing::Subprocess;
using testing::TestCertificates;

class CliTls : public ::testing::Test {
 protected:
  void SetUp() override { server.enqueue(Reply::replay(read_test_data("openai.sse"), 64)); }
  std::unique_ptr<Subprocess> run(std::vector<std::string> args) { return runner.run(args); }

  TestCertificates certificates;
  LoopbackServer server{certificates.server_identity()};
  CliRunner runner{server.url("/v1")};
  std::map<std::string, std::string>& env = runner.env;
};

TEST_F(CliTls, RefusesAServerWhoseCaItWasNotGiven) {
  ASSERT_THAT(server.base_url(), ::testing::StartsWith("https://"));
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->out(), IsEmpty());
  EXPECT_THAT(cli->err(), HasSubstr("tinychat: TLS with 127.0.0.1 failed: "));
  EXPECT_THAT(cli->err(), HasSubstr("certificate"));
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(CliTls, TrustsTheCaGivenWithCacert) {
  auto cli = run({"--cacert", certificates.ca_file(), "-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("openai.answer"));
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(CliTls, TrustsTheCaOfSslCertFile) {
  env["SSL_CERT_FILE"] = certificates.ca_file();
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("openai.answer"));
}

TEST_F(CliTls, TrustsTheCaOfCurlCaBundle) {
  env["CURL_CA_BUNDLE"] = certificates.ca_file();
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("openai.answer"));
}

TEST_F(CliTls, TrustsTheHashedCaFolderOfSslCertDir) {
  env["SSL_CERT_DIR"] = certificates.hashed_ca_folder();
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("openai.answer"));
}

TEST_F(CliTls, TrustsTheCaFileOfTheConfigFile) {
  runner.write_config(R"({"ca_file": ")" + certificates.ca_file().string() + R"("})");
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 0) << cli->err();
  EXPECT_EQ(cli->out(), read_test_data("openai.answer"));
}

TEST_F(CliTls, CacertWinsOverSslCertFile) {
  TestCertificates other;  // Did not sign the server's certificate.
  env["SSL_CERT_FILE"] = certificates.ca_file();
  auto cli = run({"--cacert", other.ca_file(), "-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 1);
  EXPECT_THAT(cli->err(), HasSubstr("TLS with 127.0.0.1 failed"));
}

TEST_F(CliTls, UnreadableCaFileIsAUsageErrorNamingItsSource) {
  const std::string missing = (certificates.folder() / "missing.pem").string();
  env["SSL_CERT_FILE"] = missing;
  auto cli = run({"-m", "gpt-4o", "hi"});
  EXPECT_EQ(cli->wait(), 2);
  EXPECT_EQ(cli->err(), "tinychat: CA certificate file " + missing +
                            " (from SSL_CERT_FILE) cannot be read: No such file or directory\n");
  EXPECT_EQ(server.request_count(), 0u);
}

}  // namespace
}  // namespace tinychat
