// The real `tinychat` program against an HTTPS server on 127.0.0.1 whose certificate the test's
// own CA signed: a private CA reaches it through --cacert, the usual variables or the config.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/loopback_server.h"
#include "support/subprocess.h"
#include "support/test_certificates.h"
#include "support/test_data.h"

namespace tinychat {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LoopbackServer;
using testing::read_test_data;
using testing::Reply;
using testing::Subprocess;
using testing::TestCertificates;

class CliTls : public ::testing::Test {
 protected:
  void SetUp() override {
    config_home = certificates.folder() / "config-home";
    std::filesystem::create_directories(config_home);
    env = {{"XDG_CONFIG_HOME", config_home.string()},
           {"HOME", config_home.string()},
           {"PATH", "/usr/bin:/bin"},
           {"OPENAI_API_KEY", "tls-test-key"},
           {"OPENAI_BASE_URL", server.url("/v1")}};
    server.enqueue(Reply::replay(read_test_data("openai.sse"), 64));
  }

  std::unique_ptr<Subprocess> run(std::vector<std::string> args) {
    args.insert(args.begin(), TINYCHAT_CLI_PATH);
    return std::make_unique<Subprocess>(args, env, "", true);
  }
  void write_config(const std::string& json) {
    const auto path = config_home / "tinychat" / "config.json";
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << json;
  }

  TestCertificates certificates;
  LoopbackServer server{certificates.server_identity()};
  std::filesystem::path config_home;
  std::map<std::string, std::string> env;
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
  write_config(R"({"ca_file": ")" + certificates.ca_file().string() + R"("})");
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
