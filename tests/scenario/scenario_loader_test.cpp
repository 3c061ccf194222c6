#include "scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace careflow::scenario {
namespace {

namespace fs = std::filesystem;
const fs::path kBadDir = fs::path(CAREFLOW_TEST_DIR) / "scenario" / "bad";
const fs::path kScenarios = fs::path(CAREFLOW_SOURCE_DIR) / "scenarios";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Each file in tests/scenario/bad starts with "# error: " and the exact message it must give.
TEST(scenario_loader_test, every_bad_file_gives_its_exact_error) {
  int checked = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kBadDir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    ASSERT_EQ(first.rfind("# error: ", 0), 0U) << file;
    const std::string expected = replace_all(first.substr(9), "{dir}", kBadDir.string());
    try {
      load_scenario(file.string());
      ADD_FAILURE() << file << " loaded without error";
    } catch (const ScenarioError& e) {
      EXPECT_EQ(std::string(e.what()), expected) << file;
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(scenario_loader_test, every_bundled_scenario_loads) {
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".toml") continue;
    EXPECT_NO_THROW(load_scenario(entry.path().string())) << entry.path();
    ++loaded;
  }
  EXPECT_GE(loaded, 14);
}

TEST(scenario_loader_test, blocking_scenario_reads_as_written) {
  const auto s = load_scenario((kScenarios / "blocking.toml").string());
  EXPECT_EQ(s.name, "blocking");
  EXPECT_EQ(s.acute_units[0].beds, 400);
  ASSERT_EQ(s.groups.size(), 1U);
  EXPECT_DOUBLE_EQ(s.groups[0].admissions_per_day, 30.0);
  EXPECT_EQ(s.groups[0].stay.kind, Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(s.groups[0].stay.mean, 10.0);
  EXPECT_DOUBLE_EQ(s.groups[0].pathway_shares[1], 0.45);
  ASSERT_EQ(s.services.size(), 1U);
  EXPECT_EQ(s.services[0].capacity, 199);
  EXPECT_FALSE(s.services[0].locality.has_value());
  EXPECT_EQ(s.service_for(Pathway::P1, 0), 0U);
}

const char* kMinimal = R"(
[acute]
beds = 10
[groups.g]
admissions_per_day = 2.0
stay = { distribution = "lognormal", median = 3.0, mean = 5.0 }
)";

TEST(scenario_loader_test, lognormal_from_median_and_mean) {
  const auto s = load_scenario_text(kMinimal, "minimal.toml");
  const auto& d = s.groups[0].stay;
  EXPECT_NEAR(d.log_mu, std::log(3.0), 1e-12);
  // mean = exp(mu + sigma^2 / 2)
  EXPECT_NEAR(std::exp(d.log_mu + d.log_sigma * d.log_sigma / 2), 5.0, 1e-12);
  EXPECT_EQ(s.localities, std::vector<std::string>{"all"});
  EXPECT_EQ(s.name, "minimal");
}

TEST(scenario_loader_test, lognormal_from_mean_and_sd_and_gamma_from_mean_and_sd) {
  const std::string text = std::string(kMinimal) + R"(
[groups.h]
admissions_per_day = 1.0
stay = { distribution = "lognormal", mean = 4.0, sd = 2.0 }
[groups.k]
admissions_per_day = 1.0
stay = { distribution = "gamma", mean = 4.0, sd = 2.0 }
)";
  const auto s = load_scenario_text(text, "x.toml");
  const auto& lognormal = s.groups[1].stay;
  const double m = std::exp(lognormal.log_mu + lognormal.log_sigma * lognormal.log_sigma / 2);
  const double var = (std::exp(lognormal.log_sigma * lognormal.log_sigma) - 1) * m * m;
  EXPECT_NEAR(m, 4.0, 1e-12);
  EXPECT_NEAR(var, 4.0, 1e-12);
  const auto& gamma = s.groups[2].stay;
  EXPECT_NEAR(gamma.shape * gamma.scale, 4.0, 1e-12);
  EXPECT_NEAR(gamma.shape * gamma.scale * gamma.scale, 4.0, 1e-12);
}

TEST(scenario_loader_test, overrides_replace_values_and_are_checked) {
  const auto s = load_scenario_text(kMinimal, "m.toml", {"acute.beds=25", "run.seed=7",
                                                          "acute.when_full=turn_away"});
  EXPECT_EQ(s.acute_units[0].beds, 25);
  EXPECT_EQ(s.run.seed, 7U);
  EXPECT_TRUE(s.acute_units[0].turn_away_when_full);
  EXPECT_NE(s.source_text.find("beds = 25"), std::string::npos);
  try {
    load_scenario_text(kMinimal, "m.toml", {"acute.beds=-1"});
    ADD_FAILURE() << "accepted -1 beds";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--set acute.beds:1: acute.beds: must be a whole number from 0 to 10000000, got -1");
  }
  EXPECT_THROW(load_scenario_text(kMinimal, "m.toml", {"acute.bedz=3"}), ScenarioError);
  EXPECT_THROW(load_scenario_text(kMinimal, "m.toml", {"no_equals_sign"}), ScenarioError);
}

class extends_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("careflow_extends_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "base.toml") << kMinimal << "[run]\nreplications = 3\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(extends_test, a_variant_overrides_only_what_it_names) {
  std::ofstream(dir_ / "variant.toml") << "extends = \"base.toml\"\n[acute]\nbeds = 99\n";
  const auto s = load_scenario((dir_ / "variant.toml").string());
  EXPECT_EQ(s.acute_units[0].beds, 99);
  EXPECT_EQ(s.run.replications, 3);
  EXPECT_DOUBLE_EQ(s.groups[0].admissions_per_day, 2.0);
  EXPECT_EQ(s.name, "variant");
  EXPECT_EQ(s.source_text.find("extends"), std::string::npos);
}

TEST_F(extends_test, an_error_in_the_base_names_the_base_file) {
  std::ofstream(dir_ / "bad_base.toml") << kMinimal << "[run]\nreplications = -3\n";
  std::ofstream(dir_ / "variant.toml") << "extends = \"bad_base.toml\"\n[acute]\nbeds = 99\n";
  try {
    load_scenario((dir_ / "variant.toml").string());
    ADD_FAILURE() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.file(), (dir_ / "bad_base.toml").string());
    EXPECT_EQ(e.key(), "run.replications");
    EXPECT_EQ(e.line(), 8);
  }
}

TEST(scenario_loader_test, a_missing_file_is_an_error) {
  try {
    load_scenario("/no/such/scenario.toml");
    ADD_FAILURE();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "/no/such/scenario.toml: no such file");
    EXPECT_EQ(e.line(), 0);
  }
}

}  // namespace
}  // namespace careflow::scenario
