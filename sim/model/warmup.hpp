#pragma once
// warmup_days = "auto": the warm-up chosen from the data. A first pass runs the replications
// with no warm-up and keeps each unit's daily series; MSER-5 (stats/trend.hpp) is applied to each
// level's mean over the replications (the mean series has the transient and less noise), and the
// warm-up is the longest truncation any level needs, so that every level has left its start
// behind. Levels below one patient on average (a queue that rarely forms) are left out: they are
// spikes, not a transient. A level whose MSER-5 minimum lies in the second half of the run never settled: it is
// named, and the trend test of the measured run will say how it moves.

#include <cstddef>
#include <string>
#include <vector>

#include "model/replication_result.hpp"

namespace careflow::model {

struct WarmupChoice {
  double days = 0;                     ///< the chosen warm-up
  std::string longest_level;           ///< the level that needed it ("" when none needed any)
  std::vector<std::string> unsettled;  ///< levels with no truncation point in the first half
  std::string description() const;     ///< one line for the run's output
};

class WarmupChooser {
 public:
  /// One replication's daily series from a run with no warm-up; replications in any order.
  void add(const DailySeries& daily);
  WarmupChoice choose() const;

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<double>> sums_;  ///< by level, by day: the sum over replications
  std::size_t replications_ = 0;
};

}  // namespace careflow::model
