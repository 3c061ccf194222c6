#include "model/warmup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "stats/trend.hpp"

namespace careflow::model {
namespace {

constexpr double kLeastMeanLevel = 1.0;  // patients, on average over the run

}  // namespace

std::string WarmupChoice::description() const {
  std::string text = fmt::format("warm-up {:g} days, chosen by MSER-5 from the daily series", days);
  if (!longest_level.empty()) text += fmt::format(" (the longest need: {})", longest_level);
  if (!unsettled.empty()) {
    text += "; never settled within the first half of the run: ";
    for (std::size_t i = 0; i < unsettled.size(); ++i) text += (i ? ", " : "") + unsettled[i];
  }
  return text;
}

void WarmupChooser::add(const DailySeries& daily) {
  // The same levels as the steady-state test: acute occupancy, admission queue and NCTR; each
  // service's (and hub's) occupancy and queue where they apply.
  std::vector<std::string> names;
  std::vector<std::vector<double>> series;
  const std::size_t units = daily.units.size();
  if (units == 0) return;
  auto level = [&](const std::string& name, std::size_t row, double value) {
    const std::size_t day = daily.day[row];
    std::size_t index = 0;
    while (index < names.size() && names[index] != name) ++index;
    if (index == names.size()) {
      names.push_back(name);
      series.emplace_back();
    }
    if (series[index].size() <= day) series[index].resize(day + 1, 0.0);
    series[index][day] = value;
  };
  for (std::size_t row = 0; row < daily.rows(); ++row) {
    const std::size_t u = daily.unit[row];
    if (u == 0) {
      level("acute occupancy", row, daily.occupied[row]);
      level("admission queue", row, daily.queue[row]);
      level("NCTR patients", row, daily.nctr[row]);
      continue;
    }
    if (!std::isnan(daily.occupied[row])) level("occupancy " + daily.units[u], row, daily.occupied[row]);
    if (!std::isnan(daily.queue[row])) level("queue " + daily.units[u], row, daily.queue[row]);
  }
  if (names_.empty()) {
    names_ = names;
    sums_.assign(names.size(), {});
  }
  for (std::size_t i = 0; i < names.size() && i < sums_.size(); ++i) {
    if (sums_[i].size() < series[i].size()) sums_[i].resize(series[i].size(), 0.0);
    for (std::size_t d = 0; d < series[i].size(); ++d) sums_[i][d] += series[i][d];
  }
  ++replications_;
}

WarmupChoice WarmupChooser::choose() const {
  WarmupChoice choice;
  std::size_t longest = 0;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    // A level that is nearly always empty (a queue that rarely forms) says nothing of the start
    // and, being all spikes, would steer MSER to wherever its last spike happened to fall.
    double total = 0;
    for (double x : sums_[i]) total += x;
    const double days = static_cast<double>(std::max<std::size_t>(1, sums_[i].size()));
    if (total / days / static_cast<double>(replications_) < kLeastMeanLevel) continue;
    const auto cut = stats::mser5_truncation(sums_[i]);  // the sum has the mean's shape
    if (!cut.settled) {
      choice.unsettled.push_back(names_[i]);
      continue;
    }
    if (cut.observations > longest) {
      longest = cut.observations;
      choice.longest_level = names_[i];
    }
  }
  choice.days = static_cast<double>(longest);
  return choice;
}

}  // namespace careflow::model
