// Sweep files: what a good file gives, and the exact message of each kind of bad file.
#include "experiment/sweep_file.hpp"

#include <gtest/gtest.h>

#include "scenario/scenario_error.hpp"

namespace careflow::experiment {
namespace {

// Stands for a file beside the bundled sweeps, so "../blocking.toml" is the bundled scenario.
const std::string kPath = std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/sweeps/test.toml";

std::string error_of(const std::string& text) {
  try {
    load_sweep_text(text, kPath);
  } catch (const scenario::ScenarioError& e) {
    std::string message = e.what();
    const auto at = message.find(kPath);
    if (at != std::string::npos) message.replace(at, kPath.size(), "test.toml");
    return message;
  }
  return "no error";
}

const std::string kHead = R"(
[sweep]
scenario = "../blocking.toml"
design = "grid"
)";

TEST(sweep_file_test, reads_a_grid_in_declaration_order) {
  const auto s = load_sweep_text(R"(
[sweep]
name = "g"
scenario = "../blocking.toml"
design = "grid"
replications = 4
seed = 9
measures = ["delay days"]
set = ["run.days=100"]

[factors.zeta]
key = "services.community.capacity"
levels = [190, 200]

[factors.alpha]
key = "levers.seven_day_working"
levels = [false, true]
label = "seven days"
)", kPath);
  EXPECT_EQ(s.name, "g");
  EXPECT_EQ(s.design, Design::grid);
  EXPECT_EQ(s.replications, 4);
  EXPECT_EQ(s.seed, 9U);
  ASSERT_EQ(s.factors.size(), 2U);
  EXPECT_EQ(s.factors[0].name, "zeta");  // as declared, not alphabetical
  EXPECT_EQ(s.factors[1].label, "seven days");
  EXPECT_EQ(s.factors[1].levels[1], Level(true));
  EXPECT_EQ(s.measures, std::vector<std::string>{"delay days"});
  EXPECT_EQ(s.sets, std::vector<std::string>{"run.days=100"});
  EXPECT_TRUE(s.scenario_file.ends_with("scenarios/blocking.toml"));
}

TEST(sweep_file_test, reads_ranges_for_sampled_designs) {
  const auto s = load_sweep_text(R"(
[sweep]
scenario = "../blocking.toml"
design = "lhs"
points = 20
[factors.c]
key = "services.community.capacity"
min = 190
max = 230
distribution = "integer"
[factors.r]
keys = ["groups.all.admissions_per_day"]
scale = true
min = 0.5
max = 2
distribution = "log-uniform"
)", kPath);
  EXPECT_EQ(s.samples, 20U);
  EXPECT_EQ(s.factors[0].distribution, Distribution::integer);
  EXPECT_TRUE(s.factors[1].scales);
  EXPECT_EQ(s.factors[1].distribution, Distribution::log_uniform);
}

TEST(sweep_file_test, bad_files_name_the_line_the_key_and_the_reason) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {kHead + "typo = 1\n[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\n",
       "test.toml:5: sweep.typo: unknown key"},
      {kHead + "[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\nlevel = 3\n",
       "test.toml:8: factors.c.level: unknown key (did you mean \"levels\"?)"},
      {kHead + "[factors.c]\nkey = \"acute.beds\"\nlevels = []\n", "test.toml:7: factors.c.levels: is empty: give at least one level"},
      {kHead + "[factors.c]\nkey = \"acute.beds\"\nlevels = [1, \"two\"]\n",
       "test.toml:7: factors.c.levels: mixes kinds of value: every level must be a number, every level true or "
       "false, or every level text; got text \"two\" after 1"},
      {kHead + "[factors.c]\nkey = \"acute.beds\"\nlevels = [1, 1]\n", "test.toml:7: factors.c.levels: holds 1 twice"},
      {kHead + "[factors.c]\nkey = \"acute.beds\"\nmin = 1\nmax = 2\n",
       "test.toml:5: factors.c: a grid runs each factor's levels: give levels = [...] (ranges are for lhs, sobol and "
       "morris)"},
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"lhs\"\npoints = 5\n[factors.c]\nkey = \"acute.beds\"\nmin = 3\nmax = 3\n",
       "test.toml:8: factors.c.max: the range is empty: max must be above min (3)"},
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"lhs\"\n[factors.c]\nkey = \"acute.beds\"\nmin = 1\nmax = 3\n",
       "test.toml:1: sweep.points: is required (a whole number from 2 to 1000000)"},
      {kHead + "points = 5\n[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\n",
       "test.toml:5: sweep.points: applies to design = \"lhs\" only; this sweep's design is \"grid\""},
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"fractional\"\n[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\n",
       "test.toml:3: sweep.design: must be one of \"grid\", \"lhs\", \"sobol\", \"morris\", got \"fractional\""},
      {"[sweep]\nscenario = \"../nowhere.toml\"\ndesign = \"grid\"\n[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\n",
       "test.toml:2: sweep.scenario: no such file: " + std::string(CAREFLOW_SOURCE_DIR) + "/scenarios/nowhere.toml"},
      {kHead + "[factors.c]\nlevels = [1]\n",
       "test.toml:5: factors.c: give the scenario key it sets: key = \"...\" (or keys = [...] for several)"},
      {kHead + "[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\n[factors.d]\nkey = \"acute.beds\"\nlevels = [2]\n",
       "test.toml:9: factors.d.key: \"acute.beds\" is already set by another factor"},
      {kHead + "[factors.\"a b\"]\nkey = \"acute.beds\"\nlevels = [1]\n",
       "test.toml:5: factors.a b: a factor's name must be letters, digits and _ (it names a column), got \"a b\""},
      {kHead + "[factors.c]\nkey = \"services.community.capacity\"\nscale = true\nlevels = [\"x\"]\n",
       "test.toml:8: factors.c.levels: a factor with scale = true multiplies: its levels must be numbers"},
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"sobol\"\nbase_samples = 8\n[factors.c]\nkey = \"acute.beds\"\n"
       "min = 0\nmax = 2\ndistribution = \"log-uniform\"\n",
       "test.toml:7: factors.c.min: a log-uniform range needs min > 0, got 0"},
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"morris\"\ntrajectories = 4\nlevels = 5\n[factors.c]\n"
       "key = \"acute.beds\"\nmin = 1\nmax = 2\n",
       "test.toml:5: sweep.levels: must be even (Morris's step is half the levels), got 5"},
      {kHead + "measures = []\n[factors.c]\nkey = \"acute.beds\"\nlevels = [1]\n",
       "test.toml:5: sweep.measures: is empty: leave it out to keep every measure"},
      {kHead, "test.toml:1: factors: is required (a table)"},
      // Sampled designs are capped by their points, as grids are, before anything is allocated.
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"sobol\"\nbase_samples = 1000000\n[factors.c]\n"
       "key = \"acute.beds\"\nmin = 1\nmax = 2\n[factors.d]\nkey = \"services.community.capacity\"\nmin = 1\nmax = 2\n",
       "test.toml:4: sweep.base_samples: 1000000 x (2 factors + 2) = 4000000 points, more than 1,000,000: ask for "
       "at most 250000"},
      {"[sweep]\nscenario = \"../blocking.toml\"\ndesign = \"morris\"\ntrajectories = 500001\n[factors.c]\n"
       "key = \"acute.beds\"\nmin = 1\nmax = 2\n",
       "test.toml:4: sweep.trajectories: 500001 x (1 factors + 1) = 1000002 points, more than 1,000,000: ask for "
       "at most 500000"},
      {kHead + "[factors]\n", "test.toml:5: factors: declares no factor: add [factors.NAME] tables"},
      {"[sweep\n", "test.toml:1: not valid TOML: Error while parsing table header: expected ']', saw '\\n'"},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    EXPECT_EQ(error_of(text), message);
  }
}

TEST(sweep_file_test, a_missing_file_is_named) {
  try {
    load_sweep("no/such/sweep.toml");
    FAIL();
  } catch (const scenario::ScenarioError& e) {
    EXPECT_STREQ(e.what(), "no/such/sweep.toml: no such file");
  }
}

}  // namespace
}  // namespace careflow::experiment
