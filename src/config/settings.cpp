#include "tinychat/settings.h"

namespace tinychat {

const EndpointSettings* Settings::find_endpoint(std::string_view name) const {
  for (const EndpointSettings& endpoint : endpoints) {
    if (endpoint.name == name) return &endpoint;
  }
  return nullptr;
}

}  // namespace tinychat
