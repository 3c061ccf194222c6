#include "model/steady_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "stats/trend.hpp"

namespace careflow::model {
namespace {

constexpr double kMaterialShareOfCapacity = 0.02;
constexpr double kLevel = 0.99;

}  // namespace

std::vector<const LevelTrend*> SteadyState::rising() const {
  std::vector<const LevelTrend*> out;
  for (const auto& level : levels) {
    if (level.rising) out.push_back(&level);
  }
  return out;
}

std::string SteadyState::warning() const {
  const auto up = rising();
  if (up.empty()) return "";
  std::string text = "not in steady state: ";
  for (std::size_t i = 0; i < up.size(); ++i) {
    text += fmt::format("{}{} grows by about {:.3g} patients a month", i ? "; " : "", up[i]->level,
                        up[i]->growth_per_month());
  }
  return text + "; results depend on the run length";
}

SteadyStateMonitor::SteadyStateMonitor(double warmup_days) : first_measured_day_(std::ceil(warmup_days)) {}

void SteadyStateMonitor::collect(std::size_t replication, const std::string& name, double capacity,
                                 std::vector<double> values, std::size_t index) {
  if (index == levels_.size()) levels_.push_back({name, capacity, {}, {}});
  auto& level = levels_.at(index);
  if (level.name != name) throw std::logic_error("daily series of one scenario name different levels");
  if (level.slopes.size() <= replication) level.slopes.resize(replication + 1, 0.0);
  level.slopes[replication] = stats::least_squares_slope(values, stats::kYearDays);
  if (replication == 0) level.series = std::move(values);
}

void SteadyStateMonitor::add(std::size_t replication, const DailySeries& daily) {
  // Rows come day by day, the units of one day together.
  const std::size_t units = daily.units.size();
  if (units == 0) return;
  std::vector<std::vector<double>> occupied(units), queue(units), nctr(units);
  std::vector<double> capacity(units, 0.0);
  for (std::size_t row = 0; row < daily.rows(); ++row) {
    if (daily.day[row] < first_measured_day_) continue;
    const std::size_t u = daily.unit[row];
    occupied[u].push_back(daily.occupied[row]);
    queue[u].push_back(daily.queue[row]);
    nctr[u].push_back(daily.nctr[row]);
    capacity[u] = std::max(capacity[u], daily.capacity[row]);
  }
  measured_days_ = static_cast<double>(occupied[0].size());
  auto applies = [](const std::vector<double>& v) { return !v.empty() && !std::isnan(v.front()); };
  std::size_t index = 0;
  for (std::size_t u = 0; u < units; ++u) {
    const std::string& name = daily.units[u];
    // The acute unit: "acute", or "<care system> acute" in a run of several care systems.
    if (name == "acute" || name.ends_with(" acute")) {
      const std::string system = name.substr(0, name.size() - 5);  // "" or "<code> "
      if (replication == 0) ++systems_;
      collect(replication, system + "acute occupancy", capacity[u], std::move(occupied[u]), index++);
      collect(replication, system + "admission queue", capacity[u], std::move(queue[u]), index++);
      collect(replication, system + "NCTR patients", capacity[u], std::move(nctr[u]), index++);
      continue;
    }
    if (applies(occupied[u])) collect(replication, "occupancy " + name, capacity[u], std::move(occupied[u]), index++);
    if (applies(queue[u])) collect(replication, "queue " + name, capacity[u], std::move(queue[u]), index++);
  }
  replications_ = std::max(replications_, replication + 1);
}

SteadyState SteadyStateMonitor::result() const {
  SteadyState out;
  // A run of several care systems tests each one's levels as a single care system's run does,
  // at 99% for the care system (Bonferroni over the systems): England's hundreds of levels then
  // raise no more false alarms than one care system's few dozen.
  const double confidence = 1.0 - (1.0 - kLevel) / static_cast<double>(std::max<std::size_t>(1, systems_));
  const std::string bound =
      systems_ > 1 ? fmt::format("one-sided {:.4g}% bound (99% for each of the {} care systems)", 100 * confidence, systems_)
                   : std::string("one-sided 99% bound");
  out.method = replications_ > 1
                   ? fmt::format("least-squares slope per replication over the {:g} measured days; {} of the mean "
                                 "slope across {} replications",
                                 measured_days_, bound, replications_)
                   : fmt::format("least-squares slope of 10 batch means of the {:g} measured days; {}",
                                 measured_days_, bound);
  for (const auto& level : levels_) {
    LevelTrend trend;
    trend.level = level.name;
    trend.material_growth = std::max(1.0, kMaterialShareOfCapacity * level.capacity);
    const auto test = replications_ > 1
                          ? stats::trend_from_replications(level.slopes, measured_days_, trend.material_growth, confidence)
                          : stats::trend_from_batches(level.series, trend.material_growth, confidence, stats::kYearDays);
    trend.slope_per_day = test.slope;
    trend.lower_per_day = test.lower;
    trend.rising = test.rising;
    out.levels.push_back(std::move(trend));
  }
  return out;
}

}  // namespace careflow::model
