// docs/CONFIGURATION.md must list every setting of the table with its flag and default, so the
// user documentation cannot drift from the code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/config/settings.h"

namespace sy::config {
namespace {

TEST(CoreConfigDocs, EverySettingIsDocumentedWithItsDefault) {
  const char* root = std::getenv("SWITCHYARD_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "run through ctest, which sets SWITCHYARD_SOURCE_DIR";
  std::ifstream in(std::string(root) + "/docs/CONFIGURATION.md");
  ASSERT_TRUE(in) << "docs/CONFIGURATION.md is missing";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string doc = buf.str();
  for (const Setting& s : settings()) {
    std::string row = "| `" + std::string(s.name) + "` | `--" + flag_name(s.name) + " " +
                      std::string(s.value_name) + "` | ";
    if (s.secret)
      row += "— (secret) |";
    else if (s.default_text.empty())
      row += "— |";
    else
      row += "`" + std::string(s.default_text) + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing or stale row: " << row;
  }
}

}  // namespace
}  // namespace sy::config
