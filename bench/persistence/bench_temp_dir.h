// A scratch directory for one benchmark run, removed afterwards. It lives under
// $JOURNAL_BENCH_DIR (default /tmp), so a run can be pointed at the file system under test.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace sy::bench {

class BenchTempDir {
 public:
  explicit BenchTempDir(std::string_view name) {
    const char* root = std::getenv("JOURNAL_BENCH_DIR");
    std::string pattern = std::string(root != nullptr ? root : "/tmp") + "/sy-" + std::string(name) +
                          "-XXXXXX";
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : std::string();
  }
  ~BenchTempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  BenchTempDir(const BenchTempDir&) = delete;
  BenchTempDir& operator=(const BenchTempDir&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace sy::bench
