// Golden scripts: a sequence of input frames and the exact output sequence expected for each
// direction of each translator (golden/*.txt; the format is described in golden_runner.h).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "golden_runner.h"

namespace sy::codec::translate::testing {
namespace {

std::filesystem::path golden_dir() {
  const char* src = std::getenv("SWITCHYARD_SOURCE_DIR");
  return std::filesystem::path(src ? src : ".") / "tests/codec/translate/golden";
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, OutputsMatch) {
  std::filesystem::path path = golden_dir() / GetParam();
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path;
  std::string script{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  GoldenResult r = run_golden(script);
  ASSERT_TRUE(r.error.empty()) << r.error;
  if (std::getenv("SWITCHYARD_REGEN_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << regenerate(script, r);
    GTEST_SKIP() << "regenerated " << path;
  }
  std::size_t n = std::max(r.expected.size(), r.actual.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::string e = i < r.expected.size() ? r.expected[i] : "(nothing)";
    std::string a = i < r.actual.size() ? r.actual[i] : "(nothing)";
    ASSERT_EQ(e, a) << "line " << i << " of the rendering";
  }
}

std::vector<std::string> scripts() {
  std::vector<std::string> names;
  for (auto& e : std::filesystem::directory_iterator(golden_dir())) {
    if (e.path().extension() == ".txt") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Translate, Golden, ::testing::ValuesIn(scripts()),
                         [](const auto& param_info) {
                           const std::string& file = param_info.param;
                           std::string n = file.substr(0, file.size() - 4);
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace sy::codec::translate::testing
