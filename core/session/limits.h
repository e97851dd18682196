// Admission limits counted across shards: sessions per client IP and per account. Touched once
// when a session starts and once when it ends — never per message — so a mutex is the simple and
// sufficient tool here.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sy::core {

class SessionLimits {
 public:
  SessionLimits(std::uint32_t per_ip, std::uint32_t per_account)
      : per_ip_(per_ip), per_account_(per_account) {}

  // Releases its counts when destroyed.
  class Ticket {
   public:
    Ticket(SessionLimits& owner, std::string ip, std::string account)
        : owner_(owner), ip_(std::move(ip)), account_(std::move(account)) {}
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { owner_.release(ip_, account_); }

   private:
    SessionLimits& owner_;
    std::string ip_, account_;
  };

  // A ticket, or nullptr when either limit (0 = unlimited) is reached.
  std::shared_ptr<Ticket> admit(const std::string& ip, const std::string& account);

 private:
  void release(const std::string& ip, const std::string& account);
  std::uint32_t per_ip_, per_account_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::uint32_t> by_ip_, by_account_;
};

}  // namespace sy::core
