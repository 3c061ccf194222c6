#pragma once
// What the model tests share: every replication of a scenario written inline, a measure's
// interval across replications, and the paired difference of two runs on the same seeds.

#include <string>
#include <vector>

#include "model/simulate.hpp"
#include "scenario/scenario_loader.hpp"
#include "stats/summary.hpp"

namespace careflow::model::test_support {

/// A discharge process that takes no time: referral, assessments and brokerage all 0.
inline constexpr const char* kNoDischargeLags = R"(
[discharge]
referral_lag_days = 0
assessment_days = 0
provider_assessment_days = 0
brokerage_days = 0
)";

/// Every replication of the scenario `text` (named test.toml in errors), in order.
inline std::vector<ReplicationResult> run_all(const std::string& text, ModelOptions options = {}) {
  const auto s = scenario::load_scenario_text(text, "test.toml");
  std::vector<ReplicationResult> out;
  for (std::uint64_t r = 0; r < static_cast<std::uint64_t>(s.run.replications); ++r) {
    out.push_back(simulate_replication(s, r, options));
  }
  return out;
}

/// The 99% interval of `measure` (times `scale`) across the replications.
inline stats::Interval interval_of(const std::vector<ReplicationResult>& runs, const std::string& measure,
                                   double scale = 1) {
  std::vector<double> values;
  for (const auto& r : runs) values.push_back(r.value(measure) * scale);
  return stats::mean_interval(values, 0.99);
}

/// The 95% interval of b - a for `measure`, paired by replication (common random numbers).
inline stats::Interval paired_difference(const std::vector<ReplicationResult>& a,
                                         const std::vector<ReplicationResult>& b, const std::string& measure) {
  std::vector<double> d;
  for (std::size_t r = 0; r < a.size(); ++r) d.push_back(b[r].value(measure) - a[r].value(measure));
  return stats::mean_interval(d, 0.95);
}

}  // namespace careflow::model::test_support
