#include "base/redact.h"

#include <algorithm>

#include "base/url_authority.h"

namespace tinychat {

namespace {

constexpr std::string_view kMask = "[redacted]";

std::string base64(std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kDigits[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// Curl percent-decodes user-info before it builds the Basic token.
std::string percent_decoded(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string redact(std::string text, std::string_view secret) {
  if (secret.size() < kMinRedactedSecret) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + kMask.size())) {
    text.replace(at, secret.size(), kMask);
  }
  return text;
}

std::string redact_all(std::string text, std::span<const std::string_view> secrets) {
  for (std::string_view secret : secrets) text = redact(std::move(text), secret);
  for (std::string_view secret : secrets) {
    if (secret.size() < kMinRedactedSecret) continue;
    // The longest start of the secret that the text ends with.
    for (std::size_t length = std::min(secret.size() - 1, text.size());
         length >= kMinRedactedSecret; --length) {
      if (std::string_view(text).ends_with(secret.substr(0, length))) {
        text.replace(text.size() - length, length, kMask);
        break;
      }
    }
  }
  return text;
}

std::vector<std::string> url_credentials(std::string_view url) {
  const UrlAuthority authority = url_authority(url);
  if (!authority.has_user_info) return {};
  const std::string user_info = percent_decoded(authority.user_info);
  std::vector<std::string> secrets{user_info, base64(user_info)};
  if (const std::size_t colon = user_info.find(':'); colon != std::string::npos) {
    secrets.push_back(user_info.substr(colon + 1));
  }
  return secrets;
}

}  // namespace tinychat
