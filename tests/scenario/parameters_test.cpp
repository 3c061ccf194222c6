#include "scenario/parameters.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace careflow::scenario {
namespace {

TEST(parameters_test, keys_are_unique_and_documented) {
  std::set<std::string> keys;
  for (const auto& d : parameter_docs()) {
    EXPECT_TRUE(keys.insert(d.key).second) << d.key;
    EXPECT_GT(std::string(d.meaning).size(), 10U) << d.key;
    EXPECT_FALSE(std::string(d.unit).empty()) << d.key;
  }
  EXPECT_GE(keys.size(), 25U);
}

// docs/scenarios.md holds the table generated from the same source as `careflow params`.
TEST(parameters_test, docs_scenarios_md_is_up_to_date) {
  std::ifstream in(std::filesystem::path(CAREFLOW_SOURCE_DIR) / "docs" / "scenarios.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(parameter_docs_markdown()), std::string::npos)
      << "regenerate the table with: careflow params --markdown";
}

}  // namespace
}  // namespace careflow::scenario
