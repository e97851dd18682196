// The messages a SimSession wants sent, in order, and whether it wants the connection closed.
// Frames are reused between rounds (clear() keeps every buffer), so a warm outbox does not
// allocate. Each frame's buffer keeps json::kPadding spare bytes past its end, so an in-process
// consumer may parse it in place (readable bytes = capacity).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/ws/opcode.h"

namespace sy::providers::sim {

struct OutFrame {
  net::ws::Opcode op = net::ws::Opcode::text;
  std::string data;
};

struct CloseRequest {
  std::uint16_t code = 1000;
  std::string reason;
};

class Outbox {
 public:
  // Starts a frame and returns its (empty) buffer to fill.
  std::string& push(net::ws::Opcode op) {
    if (count_ == frames_.size()) frames_.emplace_back();
    OutFrame& f = frames_[count_++];
    f.op = op;
    f.data.clear();
    return f.data;
  }
  void close(std::uint16_t code, std::string_view reason) {
    if (!close_) close_ = CloseRequest{code, std::string(reason)};
  }
  void clear() {
    count_ = 0;
    close_.reset();
  }

  [[nodiscard]] std::size_t size() const { return count_; }
  [[nodiscard]] bool empty() const { return count_ == 0; }
  [[nodiscard]] const OutFrame& operator[](std::size_t i) const { return frames_[i]; }
  [[nodiscard]] OutFrame& at(std::size_t i) { return frames_[i]; }
  [[nodiscard]] const std::optional<CloseRequest>& close_request() const { return close_; }

 private:
  std::vector<OutFrame> frames_;
  std::size_t count_ = 0;
  std::optional<CloseRequest> close_;
};

}  // namespace sy::providers::sim
