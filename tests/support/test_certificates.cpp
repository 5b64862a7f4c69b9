#include "support/test_certificates.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace tinychat::testing {

namespace {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Certificate = std::unique_ptr<X509, CertificateDeleter>;

[[noreturn]] void fail(const std::string& what) {
  char reason[256] = {};
  ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
  throw std::runtime_error("test certificates: " + what + ": " + reason);
}

Key make_key() {
  Key key(EVP_EC_gen("P-256"));  // Far quicker to make than RSA, and every TLS stack takes it.
  if (!key) fail("EC key");
  return key;
}

// `value` in openssl.cnf syntax, e.g. "critical,CA:TRUE". `issuer` is the certificate itself for
// the self-signed CA.
void add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr || X509_add_ext(certificate, extension, -1) != 1) fail(value);
  X509_EXTENSION_free(extension);
}

// Without an issuer: the self-signed CA. With one: a server certificate it signs.
Certificate make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer,
                             EVP_PKEY* issuer_key, long serial) {
  Certificate certificate(X509_new());
  X509* c = certificate.get();
  X509_set_version(c, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
  X509_gmtime_adj(X509_getm_notBefore(c), -3600);  // An hour back: clocks differ a little.
  X509_gmtime_adj(X509_getm_notAfter(c), 24 * 3600);
  X509_set_pubkey(c, key);
  X509_NAME* name = X509_get_subject_name(c);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("tinychat tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509* signer = issuer != nullptr ? issuer : c;
  X509_set_issuer_name(c, X509_get_subject_name(signer));
  add_extension(c, signer, NID_subject_key_identifier, "hash");
  if (issuer == nullptr) {
    add_extension(c, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(c, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(c, signer, NID_authority_key_identifier, "keyid:always");
    add_extension(c, signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(c, signer, NID_key_usage, "critical,digitalSignature");
    add_extension(c, signer, NID_ext_key_usage, "serverAuth");
    add_extension(c, signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  }
  if (X509_sign(c, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) == 0) fail("signing");
  return certificate;
}

template <typename Write>
void write_pem(const std::filesystem::path& path, Write write) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) throw std::runtime_error("test certificates: " + path.string());
  const bool written = write(file) == 1;
  std::fclose(file);
  if (!written) fail("writing " + path.string());
}

}  // namespace

TestCertificates::TestCertificates() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tinychat-tls-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(std::string("test certificates: mkdtemp: ") + std::strerror(errno));
  }
  folder_ = pattern;

  // The folder's unique name in the CA's name: two instances never look like the same CA.
  const std::string ca_name = "tinychat test CA " + folder_.filename().string();
  const Key ca_key = make_key();
  const Certificate ca = make_certificate(ca_key.get(), ca_name, nullptr, nullptr, 1);
  const Key server_key = make_key();
  const Certificate server =
      make_certificate(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), 2);

  write_pem(ca_file(), [&](std::FILE* f) { return PEM_write_X509(f, ca.get()); });
  write_pem(server_certificate(), [&](std::FILE* f) { return PEM_write_X509(f, server.get()); });
  write_pem(this->server_key(), [&](std::FILE* f) {
    return PEM_write_PrivateKey(f, server_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  // OpenSSL looks a CA up in such a folder by the hash of its subject name, ".0" for the first.
  char hashed_name[32];
  std::snprintf(hashed_name, sizeof hashed_name, "%08lx.0", X509_subject_name_hash(ca.get()));
  std::filesystem::create_directory(hashed_ca_folder());
  std::filesystem::copy_file(ca_file(), hashed_ca_folder() / hashed_name);
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace tinychat::testing
