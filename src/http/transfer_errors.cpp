#include "transfer_errors.h"

#include <cstdlib>
#include <cstring>

#include "base/duration_text.h"

namespace tinychat::http {

namespace {

// The detail after the colon: the system's words when curl saw an OS error (they are what a
// person searches for), else curl's own text, else the generic text of the code.
std::string detail(CURLcode code, const FailureContext& context) {
  if (context.os_errno != 0 && code == CURLE_COULDNT_CONNECT) {
    return std::strerror(static_cast<int>(context.os_errno));
  }
  if (!context.curl_message.empty()) {
    std::string_view text = context.curl_message;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    return std::string(text);
  }
  return curl_easy_strerror(code);
}

// Curl's connect message names the host and port it tried: "Failed to connect to 127.0.0.1
// port 9 after 0 ms: ...". Through a proxy that is the proxy's, not the request's.
std::string connected_endpoint(std::string_view curl_message) {
  constexpr std::string_view kPrefix = "Failed to connect to ";
  const std::size_t start = curl_message.find(kPrefix);
  if (start == std::string_view::npos) return {};
  std::string_view rest = curl_message.substr(start + kPrefix.size());
  const std::size_t port = rest.find(" port ");
  if (port == std::string_view::npos) return {};
  const std::size_t port_end = rest.find_first_not_of("0123456789", port + 6);
  return std::string(rest.substr(0, port_end == std::string_view::npos ? rest.size() : port_end));
}

}  // namespace

std::string proxy_variable(std::string_view scheme) {
  std::vector<const char*> names;
  if (scheme == "https") {
    names = {"https_proxy", "HTTPS_PROXY"};
  } else {
    names = {"http_proxy"};  // curl ignores HTTP_PROXY (CGI programs get it from requests).
  }
  names.insert(names.end(), {"all_proxy", "ALL_PROXY"});
  for (const char* name : names) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return name;
  }
  return {};
}

Error curl_failure(CURLcode code, const FailureContext& context) {
  const std::string& host = context.url.host;
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      // Only the connect timeout is handed to curl; the idle timeout is tracked by the loop.
      return no_connection(context.url, context.connect_timeout);
    case CURLE_COULDNT_RESOLVE_HOST:
      return Error(ErrorCode::network, "could not resolve host " + host);
    case CURLE_COULDNT_RESOLVE_PROXY:
      return Error(ErrorCode::network, "could not resolve the proxy: " + detail(code, context));
    case CURLE_COULDNT_CONNECT: {
      const std::string target = host + " port " + context.url.port;
      const std::string tried = connected_endpoint(context.curl_message);
      // Through a proxy, the endpoint that refused is the proxy: name it and its variable, or
      // the user goes looking for a problem at the provider.
      if (!context.proxy_variable.empty() && !tried.empty() && tried != target) {
        return Error(ErrorCode::network, "could not connect to the proxy " + tried + " (from " +
                                             std::string(context.proxy_variable) +
                                             ") on the way to " + host + ": " +
                                             detail(code, context));
      }
      return Error(ErrorCode::network,
                   "could not connect to " + target + ": " + detail(code, context));
    }
    case CURLE_GOT_NOTHING:
      return Error(ErrorCode::network,
                   "the server at " + host + " closed the connection without answering");
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP2:
      if (context.response_started) {
        return Error(ErrorCode::network, "the connection to " + host +
                                             " closed before the response ended (" +
                                             detail(code, context) + ")");
      }
      return Error(ErrorCode::network,
                   "the connection to " + host +
                       " failed before a response arrived: " + detail(code, context));
    case CURLE_SEND_ERROR:
      return Error(ErrorCode::network,
                   "could not send the request to " + host + ": " + detail(code, context));
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
      return Error(ErrorCode::network, "TLS with " + host + " failed: " + detail(code, context));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return Error(ErrorCode::invalid_argument,
                   "unusable URL " + context.url.display() + ": " + detail(code, context));
    default:
      return Error(ErrorCode::network,
                   "request to " + context.url.display() + " failed: " + detail(code, context));
  }
}

Error no_connection(const UrlParts& url, std::chrono::milliseconds connect_timeout) {
  return Error(ErrorCode::timeout,
               "no connection to " + url.host + " within " + format_duration(connect_timeout));
}

Error idle_timeout(const UrlParts& url, std::chrono::milliseconds idle, bool only_padding) {
  return Error(ErrorCode::timeout,
               std::string(only_padding ? "nothing but keep-alives" : "no data") +
                   " received from " + url.host + " for " + format_duration(idle));
}

Error max_time_exceeded(const UrlParts& url, std::chrono::milliseconds max_time) {
  return Error(ErrorCode::timeout,
               "no complete answer from " + url.host + " within " + format_duration(max_time));
}

}  // namespace tinychat::http
