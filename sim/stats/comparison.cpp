#include "stats/comparison.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace careflow::stats {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::optional<std::size_t> find_measure(const ScenarioRuns& runs, const std::string& name) {
  for (std::size_t i = 0; i < runs.measure_names.size(); ++i) {
    if (runs.measure_names[i] == name) return i;
  }
  return std::nullopt;
}

std::vector<double> column(const ScenarioRuns& runs, std::size_t measure) {
  std::vector<double> values;
  for (const auto& replication : runs.values) values.push_back(replication[measure]);
  return values;
}

bool all_finite(const std::vector<double>& values) {
  return std::all_of(values.begin(), values.end(), [](double x) { return std::isfinite(x); });
}

}  // namespace

Interval welch_difference(std::span<const double> a, std::span<const double> b, double level) {
  RunningStats sa, sb;
  for (double x : a) sa.add(x);
  for (double x : b) sb.add(x);
  Interval result{sb.mean() - sa.mean(), kInfinity};
  if (a.size() < 2 || b.size() < 2) return result;
  const double va = sa.variance() / static_cast<double>(a.size());
  const double vb = sb.variance() / static_cast<double>(b.size());
  const double se = std::sqrt(va + vb);
  if (se == 0) {
    result.half_width = 0;
    return result;
  }
  // Welch-Satterthwaite degrees of freedom.
  const double df = (va + vb) * (va + vb) /
                    (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
  const boost::math::students_t t(df);
  result.half_width = boost::math::quantile(t, 0.5 + level / 2) * se;
  return result;
}

std::vector<MeasureComparison> compare_scenarios(const std::vector<ScenarioRuns>& runs, double level) {
  if (runs.empty()) throw std::invalid_argument("nothing to compare");
  std::vector<MeasureComparison> rows;
  std::map<std::string, std::pair<std::string, std::string>> units;  // name: unit, first label
  for (const auto& scenario : runs) {
    for (std::size_t m = 0; m < scenario.measure_names.size(); ++m) {
      const auto& name = scenario.measure_names[m];
      const auto& unit = scenario.measure_units[m];
      const auto [it, added] = units.emplace(name, std::pair{unit, scenario.label});
      if (!added && it->second.first != unit) {
        throw std::invalid_argument("cannot compare: '" + name + "' is in " + it->second.first + " in " +
                                    it->second.second + " and in " + unit + " in " + scenario.label);
      }
      if (added) rows.push_back({name, unit, {}, {}, {}, {}});
    }
  }
  bool any_common = false;
  for (auto& row : rows) {
    bool in_all = true;
    for (const auto& scenario : runs) in_all = in_all && find_measure(scenario, row.name).has_value();
    any_common = any_common || in_all;
  }
  if (!any_common) throw std::invalid_argument("cannot compare: the runs have no measure in common");

  for (auto& row : rows) {
    const auto first = find_measure(runs.front(), row.name);
    const auto first_values = first ? column(runs.front(), *first) : std::vector<double>{};
    const bool first_usable = first && all_finite(first_values);
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const auto m = find_measure(runs[k], row.name);
      if (!m) {
        row.scenarios.emplace_back();
        row.not_finite.push_back(false);
        row.replications.push_back(0);
        row.differences.emplace_back();
        continue;
      }
      const auto values = column(runs[k], *m);
      row.replications.push_back(values.size());
      if (!all_finite(values)) {
        row.scenarios.emplace_back();
        row.not_finite.push_back(true);
        row.differences.emplace_back();
        continue;
      }
      row.scenarios.emplace_back(mean_interval(values, level));
      row.not_finite.push_back(false);
      if (k == 0 || !first_usable) {
        row.differences.emplace_back();
        continue;
      }
      Difference d;
      d.depends_on_run_length = !runs[k].in_steady_state() || !runs.front().in_steady_state();
      if (runs[k].seed == runs.front().seed) {
        // Common random numbers: replication r of each used the same streams.
        d.paired = true;
        d.pairs = std::min(values.size(), first_values.size());
        std::vector<double> differences;
        for (std::size_t r = 0; r < d.pairs; ++r) differences.push_back(values[r] - first_values[r]);
        d.interval = mean_interval(differences, level);
      } else {
        d.interval = welch_difference(first_values, values, level);
      }
      row.differences.emplace_back(d);
    }
  }
  return rows;
}

}  // namespace careflow::stats
