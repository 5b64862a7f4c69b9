#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

namespace tinychat::store {

/// Text that only grows until it is taken whole: an answer on its way to the store. It grows
/// with realloc, not new/copy/delete as std::string does: past glibc's mmap threshold realloc
/// moves the pages with mremap, so a long answer is neither copied again at each doubling nor
/// faulted in again page by page (a 600 KB answer cost twice its size in page faults).
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
  ~TextBuffer() { std::free(data_); }

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
  void grow(std::size_t more) {
    std::size_t wanted = capacity_ < 4096 ? 4096 : capacity_ * 2;
    while (wanted - size_ < more) wanted *= 2;
    void* bigger = std::realloc(data_, wanted);
    if (!bigger) throw std::bad_alloc();
    data_ = static_cast<char*>(bigger);
    capacity_ = wanted;
  }

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace tinychat::store
