#pragma once
// The care network of a scenario as a graph (Boost.Graph): units (the acute unit, each service)
// and the exit (home), with the share of each unit's leavers that goes to each next unit,
// readmissions back to the acute unit included. From it, the traffic equations
// lambda = gamma + P^T lambda (solved with Eigen) give each unit's arrival rate, and with the
// holding time its offered load, every lever's effect included: a scenario whose demand
// exceeds capacity is seen before it runs. docs/model.md gives the formulas and what in them is
// approximate.

#include <array>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace careflow::scenario {

struct UnitLoad {
  std::string unit;              ///< "acute", a service's name, or a hub ("P1 hub")
  double arrivals_per_day = 0;
  double mean_stay_days = 0;     ///< holding time per arrival (acute: until the patient leaves)
  double held_idle = 0;          ///< places (or visits a day) reserved and held idle ahead of arrival
  double offered_load = 0;       ///< places (beds, people, or visits a day) needed on average
  /// The same, had every patient who waits for a place here been served here: without the
  /// patients whose deconditioning moved them on to the next pathway while they waited. Above
  /// capacity, the unit's own figure settles near it while its queue and the step-ups grow.
  double demand_load = 0;
  double capacity = 0;
  /// Patients waiting for a place here on average, once settled (a service in a hub: its hub's).
  /// Asked for beyond capacity, the queue still settles where those who step up while they wait
  /// match the demand beyond it (Erlang A), unless too many never step up.
  double queue = 0;
  /// Demand beyond capacity that nothing bounds: the queue grows as long as the run lasts (for
  /// the acute unit: its admission queue, as it fills with patients waiting for `blocked_by`).
  bool queue_grows = false;
  std::string counted_in = "places";  ///< "beds", "places" or "visits a day"
  bool hub = false;              ///< the pooled services of one pathway (transfer of care hub)
  bool in_hub = false;           ///< a service whose queue and places are pooled in a hub row
  bool acute_unit = false;       ///< one acute unit's row, when there are several ("acute" is all)
  /// A service's flows out, a day, from the traffic equations: to each next unit (by service
  /// index) and by each outcome (readmission: back to the acute unit).
  std::vector<std::pair<std::size_t, double>> moves_per_day;
  std::array<double, kServiceOutcomes> leaves_per_day{};
  /// What raised this unit's load, each with the utilisation it added: the levers that are on,
  /// "deconditioning" and "readmissions", largest first.
  std::vector<std::pair<std::string, double>> raised_by;
  /// Acute: the units whose queues grow that its patients wait for. Their queues, and so the
  /// acute beds holding those patients, fill as long as the run lasts: the acute load above
  /// counts only the wait at units whose queues settle.
  std::vector<std::string> blocked_by;
  double utilisation() const { return ratio(offered_load); }
  double demand_utilisation() const { return ratio(demand_load); }
  double ratio(double load) const { return capacity > 0 ? load / capacity : (load > 0 ? 1e300 : 0.0); }
};

/// Utilisation at which `careflow check` warns, and at which it flags a unit (queues grow).
inline constexpr double kLoadWarning = 0.95;
inline constexpr double kLoadFlag = 1.0;

/// Offered load on every unit: the acute unit, each service in scenario order, then (with the
/// transfer of care hub) one row per hub. Throws ScenarioError if some unit has no path to the
/// exit (a unit no patient can leave).
/// `with_causes = false` leaves raised_by empty (each cause costs another solve).
std::vector<UnitLoad> offered_loads(const Scenario& scenario, bool with_causes = true);

/// Of every emergency admission (readmissions included), the shares that the care model readmits
/// itself (a service's `readmission` outcome) and that die in a service, from the traffic
/// equations with the groups' admissions as the mix and routes between units included.
struct AdmissionFates {
  double readmitted = 0, died = 0;
};
AdmissionFates admission_fates(const Scenario& scenario);
/// The same from loads already solved (offered_loads, with or without causes).
AdmissionFates admission_fates(const std::vector<UnitLoad>& loads);

/// The units a leader should look at: at or above kLoadWarning. A service pooled in a hub is
/// judged by its hub's row.
bool needs_attention(const UnitLoad& load);

}  // namespace careflow::scenario
