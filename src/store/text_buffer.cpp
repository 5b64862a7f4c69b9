#include "text_buffer.h"

#include <sys/mman.h>

#include <cstdlib>

namespace tinychat::store {

void TextBuffer::grow(std::size_t more) {
  std::size_t wanted = capacity_ < 4096 ? 4096 : capacity_ * 2;
  while (wanted - size_ < more) wanted *= 2;
  void* bigger = nullptr;
  if (wanted < kMappedFrom) {
    bigger = std::realloc(data_, wanted);
    if (!bigger) throw std::bad_alloc();
  } else if (capacity_ >= kMappedFrom) {
    bigger = ::mremap(data_, capacity_, wanted, MREMAP_MAYMOVE);
    if (bigger == MAP_FAILED) throw std::bad_alloc();
  } else {
    bigger = ::mmap(nullptr, wanted, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bigger == MAP_FAILED) throw std::bad_alloc();
    if (size_ > 0) std::memcpy(bigger, data_, size_);
    std::free(data_);
  }
  data_ = static_cast<char*>(bigger);
  capacity_ = wanted;
}

void TextBuffer::release() {
  if (capacity_ >= kMappedFrom) {
    ::munmap(data_, capacity_);
  } else {
    std::free(data_);
  }
}

}  // namespace tinychat::store
