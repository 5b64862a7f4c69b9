#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tinychat/conversation.h"
#include "tinychat/delta.h"
#include "tinychat/error.h"
#include "tinychat/http_types.h"
#include "tinychat/model_list.h"
#include "tinychat/visibility.h"

namespace tinychat {

/// The API family an adapter speaks.
enum class ApiFamily { openai, anthropic, gemini, cohere };

/// Variants of the OpenAI chat-completions API that differ in small ways.
enum class OpenAIDialect {
  openai,    ///< api.openai.com: max_completion_tokens, stream_options.include_usage.
  mistral,   ///< max_tokens, usage on the final chunk, content may be an array of chunks.
  together,  ///< max_tokens, usage on the final chunk.
  generic,   ///< Any OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio).
};

/// Everything an adapter needs to reach one endpoint.
struct ProviderConfig {
  std::string name;  ///< "openai", "anthropic", ... or a configured endpoint's name.
  ApiFamily family = ApiFamily::openai;
  OpenAIDialect dialect = OpenAIDialect::generic;
  std::string base_url;  ///< Includes the API version, e.g. "https://api.openai.com/v1".
  std::string api_key;   ///< May be empty for local servers that need none.
};

/// What one request asks for, beyond the history.
struct RequestOptions {
  std::string model;
  std::string system_prompt;  ///< Empty: none.
  std::optional<double> temperature;
  std::optional<int> max_tokens;  ///< Anthropic requires one; the adapter picks a default.
};

/// How the response body is framed.
enum class Framing { sse, ndjson };

/// Turns the events of one response into deltas. Stateful: make one per response.
class TINYCHAT_API EventDecoder {
 public:
  virtual ~EventDecoder() = default;
  /// Decodes one event: an SSE event's type and data, or one NDJSON line (type empty). Appends
  /// to `out`. Returns ErrorCode::stream_error for an error the server sent inside the stream,
  /// ErrorCode::malformed_stream for data that is not what the API documents.
  virtual Error decode(std::string_view type, std::string_view data, std::vector<Delta>& out) = 0;
  /// Whether the stream's end marker ([DONE], message_stop, a finish reason...) has been seen.
  virtual bool complete() const = 0;
  /// What the end marker looks like, for the message when it never came ("data: [DONE]").
  virtual std::string_view end_marker() const = 0;
};

/// An adapter for one API family: pure functions of their inputs, no network.
class TINYCHAT_API Provider {
 public:
  virtual ~Provider() = default;
  virtual const ProviderConfig& config() const = 0;
  /// The streaming chat request for this history (the last message is the new user turn).
  virtual HttpRequest build_request(std::span<const Message> history,
                                    const RequestOptions& options) const = 0;
  virtual Framing framing() const = 0;
  virtual std::unique_ptr<EventDecoder> make_decoder() const = 0;
  /// The provider's own message in a non-2xx body ("invalid x-api-key"), or "" when the body
  /// holds none that it recognises.
  virtual std::string error_message(std::string_view body) const = 0;
  /// The GET request for the provider's list of chat models, the key in the same header as the
  /// chat request sends it (never in the URL).
  virtual HttpRequest build_models_request() const = 0;
  /// Reads the chat models from a 2xx body of that request into `out` (cleared first), in the
  /// provider's order without duplicates; models that cannot chat are left out. Returns
  /// ErrorCode::malformed_stream, and leaves `out` empty, when the body is not the JSON the API
  /// documents; the message holds neither the key nor more than a short start of the body.
  virtual Error parse_models(std::string_view body, std::vector<ModelInfo>& out) const = 0;
};

/// The adapter for `config.family` (and dialect).
TINYCHAT_API std::unique_ptr<Provider> make_provider(ProviderConfig config);

}  // namespace tinychat
