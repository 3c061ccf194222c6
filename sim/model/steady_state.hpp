#pragma once
// Does a run's answer depend on its length? Every queue and level of the care system (the
// admission queue, NCTR patients, acute occupancy, each service's occupancy and queue, each hub's
// queue) is tested for a rise over the measured days, from the daily series of each replication
// (stats/trend.hpp: the slope across replications, or batch means with one replication).
//
// A level is flagged when, at 99% confidence (for each care system, in a run of several), it rises over the measured period by at least
// 2% of its unit's capacity (and at least one patient): a queue that keeps growing, or a unit
// that is still filling up. Replications are added in any order; the result does not depend on it.

#include <cstddef>
#include <string>
#include <vector>

#include "model/replication_result.hpp"

namespace careflow::model {

struct LevelTrend {
  std::string level;              ///< e.g. "queue p1_north", "NCTR patients", "acute occupancy"
  double slope_per_day = 0;       ///< mean rise a day (patients)
  double lower_per_day = 0;       ///< its one-sided 99% lower bound
  double material_growth = 0;     ///< the rise over the measured period that counts (patients)
  bool rising = false;
  double growth_per_month() const { return slope_per_day * 30.4375; }
};

struct SteadyState {
  std::vector<LevelTrend> levels;  ///< every level tested, in the daily series' unit order
  std::string method;              ///< how the trend was tested
  std::vector<const LevelTrend*> rising() const;
  /// "" when every level is steady; else one sentence naming each rising level and its growth.
  std::string warning() const;
};

class SteadyStateMonitor {
 public:
  /// Days before `warmup_days` are left out, as they are from every measure.
  explicit SteadyStateMonitor(double warmup_days);
  /// One replication's daily series (ReplicationResult::daily).
  void add(std::size_t replication, const DailySeries& daily);
  SteadyState result() const;

 private:
  struct Level {
    std::string name;
    double capacity = 0;
    std::vector<double> slopes;  ///< by replication
    std::vector<double> series;  ///< replication 0's measured values (for batch means)
  };
  void collect(std::size_t replication, const std::string& name, double capacity, std::vector<double> values,
               std::size_t index);
  double first_measured_day_;
  double measured_days_ = 0;
  std::vector<Level> levels_;
  std::size_t replications_ = 0;
  std::size_t systems_ = 0;  ///< care systems (acute units named "acute" or "<code> acute")
};

}  // namespace careflow::model
