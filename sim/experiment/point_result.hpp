#pragma once
// What one sweep point gives: every kept measure of every replication, and the steady-state
// test of its replications.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/steady_state.hpp"

namespace careflow::experiment {

struct PointResult {
  std::size_t point = 0;
  double warmup_days = 0;             ///< as run (chosen by MSER-5 when the scenario says "auto")
  std::vector<double> values;         ///< values[replication * measures + measure]; NaN where absent
  std::vector<std::uint64_t> events;  ///< per replication
  model::SteadyState steady_state;
};

}  // namespace careflow::experiment
