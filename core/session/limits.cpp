#include "core/session/limits.h"

namespace sy::core {

std::shared_ptr<SessionLimits::Ticket> SessionLimits::admit(const std::string& ip,
                                                            const std::string& account) {
  std::lock_guard lock(mutex_);
  auto& n_ip = by_ip_[ip];
  auto& n_acc = by_account_[account];
  if ((per_ip_ && n_ip >= per_ip_) || (per_account_ && n_acc >= per_account_)) {
    if (n_ip == 0) by_ip_.erase(ip);
    if (n_acc == 0) by_account_.erase(account);
    return nullptr;
  }
  ++n_ip;
  ++n_acc;
  return std::make_shared<Ticket>(*this, ip, account);
}

void SessionLimits::release(const std::string& ip, const std::string& account) {
  std::lock_guard lock(mutex_);
  if (auto it = by_ip_.find(ip); it != by_ip_.end() && --it->second == 0) by_ip_.erase(it);
  if (auto it = by_account_.find(account); it != by_account_.end() && --it->second == 0)
    by_account_.erase(it);
}

}  // namespace sy::core
