#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

namespace tinychat::store {

/// Text that only grows until it is taken whole: an answer on its way to the store. A long
/// answer lives in pages of its own that grow with mremap, which moves them without copying:
/// std::string copied it again at each doubling and touched fresh pages for every copy, and
/// realloc does the same wherever glibc keeps the block in a thread's heap. First touches of
/// fresh pages were most of what recording a 600 KB answer cost (about 6 µs each on a VM).
class TextBuffer {
 public:
  TextBuffer() = default;
  TextBuffer(TextBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  TextBuffer& operator=(TextBuffer&& other) noexcept {
    swap(other);
    return *this;
  }
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;
  ~TextBuffer() { release(); }

  void append(std::string_view text) {
    if (text.size() > capacity_ - size_) grow(text.size());
    if (!text.empty()) std::memcpy(data_ + size_, text.data(), text.size());
    size_ += text.size();
  }

  std::string_view view() const { return {data_, size_}; }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  /// Forgets the text and gives its memory back.
  void clear() { TextBuffer().swap(*this); }

  void swap(TextBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  /// From this size on, pages of its own (a multiple of the page size).
  static constexpr std::size_t kMappedFrom = 256 * 1024;

  void grow(std::size_t more);
  void release();

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace tinychat::store
