#pragma once

#include <utility>
#include <variant>

#include "tinychat/error.h"

namespace tinychat {

/// A value, or the Error that prevented it: C++23's std::expected<T, Error> in miniature, for
/// C++20. Test it before use, as the names say:
///
///   Expected<Chat> chat = open_chat("gpt-4o");
///   if (!chat) std::cerr << chat.error().message;  // else chat->ask(...)
template <class T>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  /// `error` must be an error (not ErrorCode::ok): an Expected holds one or the other.
  Expected(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  /// The value. Throws std::bad_variant_access when there is none.
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error. Throws std::bad_variant_access when there is a value instead.
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace tinychat
