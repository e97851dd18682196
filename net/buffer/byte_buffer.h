// A growable byte buffer with a consumed head, used for send queues and partial-frame spill.
// Unlike std::vector<uint8_t> it never zero-fills what it is about to overwrite, and it gives its
// memory back when emptied so that idle connections hold none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>

namespace sy::net {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;
  ByteBuffer(ByteBuffer&& o) noexcept { swap(o); }
  ByteBuffer& operator=(ByteBuffer&& o) noexcept {
    ByteBuffer tmp(std::move(o));
    swap(tmp);
    return *this;
  }
  ~ByteBuffer() { std::free(data_); }

  [[nodiscard]] std::size_t size() const noexcept { return end_ - head_; }
  [[nodiscard]] bool empty() const noexcept { return end_ == head_; }
  [[nodiscard]] std::size_t capacity() const noexcept { return cap_; }
  [[nodiscard]] std::uint8_t* data() noexcept { return data_ + head_; }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return data_ + head_; }
  [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {data(), size()}; }

  // Room for at least n more bytes at the end; returns where they go. Compacts before growing.
  std::uint8_t* prepare(std::size_t n) {
    if (cap_ - end_ < n) {
      if (head_ > 0 && cap_ - size() >= n) {
        std::memmove(data_, data_ + head_, size());
      } else {
        std::size_t want = cap_ ? cap_ : 256;
        while (want < size() + n) want *= 2;
        auto* p = static_cast<std::uint8_t*>(std::malloc(want));
        if (!p) throw std::bad_alloc();
        if (size()) std::memcpy(p, data_ + head_, size());
        std::free(data_);
        data_ = p;
        cap_ = want;
      }
      end_ -= head_;
      head_ = 0;
    }
    return data_ + end_;
  }
  void commit(std::size_t n) noexcept { end_ += n; }
  void append(const void* src, std::size_t n) {
    if (n == 0) return;  // src may be null then, which memcpy must not see
    std::memcpy(prepare(n), src, n);
    commit(n);
  }
  // Drops n bytes from the front; releases the memory once nothing is left.
  void consume(std::size_t n) noexcept {
    head_ += n;
    if (head_ >= end_) release();
  }
  [[nodiscard]] std::size_t tail_room() const noexcept { return cap_ - end_; }
  // Writable space after the data (after prepare()).
  [[nodiscard]] std::span<std::uint8_t> tail() noexcept { return {data_ + end_, cap_ - end_}; }
  void release() noexcept {
    std::free(data_);
    data_ = nullptr;
    cap_ = head_ = end_ = 0;
  }

 private:
  void swap(ByteBuffer& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(cap_, o.cap_);
    std::swap(head_, o.head_);
    std::swap(end_, o.end_);
  }
  std::uint8_t* data_ = nullptr;
  std::size_t cap_ = 0;
  std::size_t head_ = 0;
  std::size_t end_ = 0;
};

}  // namespace sy::net
