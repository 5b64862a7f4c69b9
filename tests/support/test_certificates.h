#pragma once

#include <filesystem>

#include "support/loopback_server.h"

namespace tinychat::testing {

/// A certificate authority of the test's own and a server certificate it signed for 127.0.0.1
/// and localhost, as PEM files in a fresh temporary folder that the destructor removes. Made with
/// OpenSSL's API, so no tool has to be installed; every instance has its own keys.
///
///   TestCertificates certificates;
///   LoopbackServer server(certificates.server_identity());   // https://127.0.0.1:PORT
///   options.ca_file = certificates.ca_file();                 // the client now trusts it
class TestCertificates {
 public:
  TestCertificates();
  ~TestCertificates();
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;

  const std::filesystem::path& folder() const { return folder_; }
  /// The CA's certificate: what a client must trust.
  std::filesystem::path ca_file() const { return folder_ / "ca.pem"; }
  /// A folder holding only the CA's certificate under its subject-hash name ("1a2b3c4d.0"), as
  /// `openssl rehash` lays out an SSL_CERT_DIR.
  std::filesystem::path hashed_ca_folder() const { return folder_ / "hashed"; }
  /// The server's certificate (subject alternative names IP:127.0.0.1 and DNS:localhost).
  std::filesystem::path server_certificate() const { return folder_ / "server.pem"; }
  std::filesystem::path server_key() const { return folder_ / "server.key"; }
  /// What a TLS LoopbackServer presents.
  TlsIdentity server_identity() const { return {server_certificate(), server_key()}; }

 private:
  std::filesystem::path folder_;
};

}  // namespace tinychat::testing
