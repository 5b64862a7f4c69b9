#include "tinychat/ca_certificates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_support.h"

namespace tinychat {
namespace {

using testing::fake_environment;
using ::testing::HasSubstr;
using testing::TempFolder;
using testing::write_file;

constexpr const char* kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

class ResolveCaCertificates : public ::testing::Test {
 protected:
  std::string pem(const std::string& name) const {
    write_file(folder.path() / name, kPem);
    return (folder.path() / name).string();
  }
  Error resolve(std::string_view flag, std::map<std::string, std::string> variables,
                CurlSessionOptions& out) const {
    return resolve_ca_certificates(flag, settings, fake_environment(std::move(variables)),
                                   config_path, out);
  }

  TempFolder folder;
  Settings settings;
  std::filesystem::path config_path = folder.path() / "config" / "config.json";
};

TEST_F(ResolveCaCertificates, NothingSetLeavesTheSystemBundle) {
  CurlSessionOptions http;
  ASSERT_FALSE(resolve({}, {}, http));
  EXPECT_EQ(http.ca_file, "");
  EXPECT_EQ(http.ca_dir, "");
}

TEST_F(ResolveCaCertificates, TheFlagWinsOverEveryOtherSource) {
  settings.ca_file = pem("config.pem");
  CurlSessionOptions http;
  ASSERT_FALSE(resolve(pem("flag.pem"),
                       {{"CURL_CA_BUNDLE", pem("curl.pem")}, {"SSL_CERT_FILE", pem("ssl.pem")}},
                       http));
  EXPECT_EQ(http.ca_file, pem("flag.pem"));
}

TEST_F(ResolveCaCertificates, CurlCaBundleWinsOverSslCertFileAndTheConfigFile) {
  settings.ca_file = pem("config.pem");
  CurlSessionOptions http;
  ASSERT_FALSE(
      resolve({}, {{"CURL_CA_BUNDLE", pem("curl.pem")}, {"SSL_CERT_FILE", pem("ssl.pem")}}, http));
  EXPECT_EQ(http.ca_file, pem("curl.pem"));
}

TEST_F(ResolveCaCertificates, SslCertFileWinsOverTheConfigFile) {
  settings.ca_file = pem("config.pem");
  CurlSessionOptions http;
  ASSERT_FALSE(resolve({}, {{"SSL_CERT_FILE", pem("ssl.pem")}}, http));
  EXPECT_EQ(http.ca_file, pem("ssl.pem"));
}

TEST_F(ResolveCaCertificates, TheConfigFilesPathIsRelativeToItsFolder) {
  write_file(config_path.parent_path() / "certs" / "company.pem", kPem);
  settings.ca_file = "certs/company.pem";
  CurlSessionOptions http;
  ASSERT_FALSE(resolve({}, {}, http));
  EXPECT_EQ(http.ca_file, (config_path.parent_path() / "certs" / "company.pem").string());
}

TEST_F(ResolveCaCertificates, TheConfigFilesPathMayStartAtHome) {
  write_file(folder.path() / "home" / "ca.pem", kPem);
  settings.ca_file = "~/ca.pem";
  CurlSessionOptions http;
  ASSERT_FALSE(resolve({}, {{"HOME", (folder.path() / "home").string()}}, http));
  EXPECT_EQ(http.ca_file, (folder.path() / "home" / "ca.pem").string());
}

TEST_F(ResolveCaCertificates, SslCertDirGivesTheFolderBesideTheFile) {
  std::filesystem::create_directories(folder.path() / "hashed");
  CurlSessionOptions http;
  ASSERT_FALSE(
      resolve(pem("flag.pem"), {{"SSL_CERT_DIR", (folder.path() / "hashed").string()}}, http));
  EXPECT_EQ(http.ca_file, pem("flag.pem"));
  EXPECT_EQ(http.ca_dir, (folder.path() / "hashed").string());
}

TEST_F(ResolveCaCertificates, SslCertDirMayListSeveralFolders) {
  std::filesystem::create_directories(folder.path() / "a");
  std::filesystem::create_directories(folder.path() / "b");
  const std::string both = (folder.path() / "a").string() + ":" + (folder.path() / "b").string();
  CurlSessionOptions http;
  ASSERT_FALSE(resolve({}, {{"SSL_CERT_DIR", both}}, http));
  EXPECT_EQ(http.ca_dir, both);
}

struct MissingFileCase {
  const char* name;
  const char* flag;
  const char* variable;  // "" for none; "config" for the config file's ca_file
  const char* origin;    // as the message names it
};

void PrintTo(const MissingFileCase& c, std::ostream* os) { *os << c.name; }

class MissingCaFile : public ResolveCaCertificates,
                      public ::testing::WithParamInterface<MissingFileCase> {};

TEST_P(MissingCaFile, NamesTheFileAndWhereItCameFrom) {
  const MissingFileCase& c = GetParam();
  const std::string missing = (folder.path() / "nowhere.pem").string();
  std::map<std::string, std::string> variables;
  if (std::string(c.variable) == "config") {
    settings.ca_file = missing;
  } else if (*c.variable != '\0') {
    variables[c.variable] = missing;
  }
  CurlSessionOptions http;
  http.ca_file = "before";
  const Error error = resolve(*c.flag != '\0' ? missing : std::string(), variables, http);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_EQ(error.message, "CA certificate file " + missing + " (from " + c.origin +
                               ") cannot be read: No such file or directory");
  EXPECT_EQ(http.ca_file, "before");  // Left as it was.
}

INSTANTIATE_TEST_SUITE_P(
    Sources, MissingCaFile,
    ::testing::Values(MissingFileCase{"flag", "x", "", "--cacert"},
                      MissingFileCase{"curl_ca_bundle", "", "CURL_CA_BUNDLE", "CURL_CA_BUNDLE"},
                      MissingFileCase{"ssl_cert_file", "", "SSL_CERT_FILE", "SSL_CERT_FILE"}),
    [](const auto& test_info) { return std::string(test_info.param.name); });

TEST_F(ResolveCaCertificates, MissingConfigFileEntryNamesTheConfigFile) {
  settings.ca_file = "nowhere.pem";
  CurlSessionOptions http;
  const Error error = resolve({}, {}, http);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_EQ(error.message, "CA certificate file " +
                               (config_path.parent_path() / "nowhere.pem").string() +
                               " (from \"ca_file\" in " + config_path.string() +
                               ") cannot be read: No such file or directory");
}

TEST_F(ResolveCaCertificates, AFileWithoutAPemCertificateIsRefused) {
  write_file(folder.path() / "key.pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n");
  CurlSessionOptions http;
  const Error error = resolve((folder.path() / "key.pem").string(), {}, http);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("(from --cacert) holds no PEM certificate"));
}

TEST_F(ResolveCaCertificates, AMarkerCutBetweenTwoReadsIsFoundAndNothingPastItMatters) {
  // The file is read only up to its first certificate, in pieces of 8 KiB: a marker across the
  // end of one puts it in two pieces. What follows it is not read at all, so it may be anything.
  for (const std::size_t at : {std::size_t{8192} - 10, std::size_t{8192} - 1, std::size_t{8192},
                               std::size_t{3 * 8192} - 20}) {
    const std::filesystem::path file = folder.path() / ("late" + std::to_string(at) + ".pem");
    write_file(file, std::string(at, '#') + kPem + std::string(20000, '\xFF'));
    CurlSessionOptions http;
    const Error error = resolve(file.string(), {}, http);
    EXPECT_FALSE(error) << error.message << " with the marker at " << at;
    EXPECT_EQ(http.ca_file, file.string());
  }
  const std::filesystem::path nearly = folder.path() / "nearly.pem";
  write_file(nearly, std::string(8190, '#') + "-----BEGIN CERTIFICATE----" + std::string(100, '#'));
  CurlSessionOptions http;
  EXPECT_THAT(resolve(nearly.string(), {}, http).message, HasSubstr("holds no PEM certificate"));
}

TEST_F(ResolveCaCertificates, AFolderGivenAsTheFileIsRefused) {
  CurlSessionOptions http;
  const Error error = resolve({}, {{"SSL_CERT_FILE", folder.path().string()}}, http);
  EXPECT_EQ(error.code, ErrorCode::config);
  EXPECT_THAT(error.message, HasSubstr("(from SSL_CERT_FILE) cannot be read: Is a directory"));
}

TEST_F(ResolveCaCertificates, SslCertDirThatIsNoFolderIsRefused) {
  CurlSessionOptions http;
  const std::string file = pem("ca.pem");
  const std::string missing = (folder.path() / "missing").string();
  EXPECT_EQ(resolve({}, {{"SSL_CERT_DIR", file}}, http).message,
            "CA certificate folder " + file + " (from SSL_CERT_DIR) is not a folder");
  EXPECT_EQ(resolve({}, {{"SSL_CERT_DIR", missing}}, http).message,
            "CA certificate folder " + missing +
                " (from SSL_CERT_DIR) cannot be read: No such file or directory");
}

}  // namespace
}  // namespace tinychat
