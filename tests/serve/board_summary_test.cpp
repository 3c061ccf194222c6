#include "serve/board_summary.hpp"

#include <gtest/gtest.h>

namespace careflow::serve {
namespace {

stats::MeasureComparison measure(const char* name, const char* unit, double before, double after, double change,
                                 double half_width) {
  stats::MeasureComparison m;
  m.name = name;
  m.unit = unit;
  m.scenarios = {stats::Interval{before, 1}, stats::Interval{after, 1}};
  stats::Difference d;
  d.interval = {change, half_width};
  d.paired = true;
  m.differences = {std::nullopt, d};
  return m;
}

TEST(board_summary, says_what_changed_and_what_moved_with_its_interval) {
  const std::vector<stats::MeasureComparison> measures{
      measure("NCTR patients in acute beds", "patients", 159.25, 131.0, -28.25, 4.5),
      measure("acute occupancy", "share", 0.908, 0.912, 0.004, 0.01),  // spans zero
      measure("cost per day", "GBP/day", 376061.7, 364000.0, -12061.7, 2000),
  };
  const auto line = board_summary({{"P2 beds, north", "102", "120"}, {"Seven-day working", "off", "on"}}, measures,
                                  10, 365, "", "");
  EXPECT_EQ(line,
            "Changing P2 beds, north from 102 to 120 and Seven-day working from off to on (means of 10 replications "
            "of 365 days): the number of medically ready patients in acute beds falls from 159 to 131 (by 28.2, 95% CI 23.8 to "
            "32.8), no clear change in acute bed occupancy (90.8%; 95% CI of the change -0.6 percentage points to "
            "+1.4 percentage points); and the cost per day falls from £376,062 to £364,000 (by £12,062, 95% CI "
            "£10,062 to £14,062).");
}

TEST(board_summary, cautions_when_a_run_is_not_in_steady_state) {
  const std::vector<stats::MeasureComparison> measures{
      measure("NCTR patients in acute beds", "patients", 159.25, 131.0, -28.25, 4.5)};
  const std::string warning = "not in steady state: p3_north queue grows; results depend on the run length";
  EXPECT_EQ(board_summary({}, measures, 5, 100, warning, warning),
            "The scenario as it stands (means of 5 replications of 100 days): the number of medically ready patients "
            "in acute beds is 159. Caution: as it stands, " + warning + ".");
  const auto changed = board_summary({{"Home first", "off", "on"}}, measures, 5, 100, "", warning);
  EXPECT_NE(changed.find("Caution: with the changes, " + warning + "."), std::string::npos) << changed;
  EXPECT_EQ(board_summary({{"Home first", "off", "on"}}, measures, 5, 100, "", "").find("Caution"), std::string::npos);
}

TEST(board_summary, readable_values_follow_their_units) {
  EXPECT_EQ(readable(0.9081, "share"), "90.8%");
  EXPECT_EQ(readable(376061.74, "GBP/day"), "£376,062");
  EXPECT_EQ(readable(1234567.0, "GBP/day"), "£1,234,567");
  EXPECT_EQ(readable(8.218, "days"), "8.2 days");
  EXPECT_EQ(readable(159.25, "patients"), "159");
  EXPECT_EQ(readable(16.83, "patients"), "16.8");
  EXPECT_EQ(readable(1.3274, "hours"), "1.3 hours");
}

}  // namespace
}  // namespace careflow::serve
