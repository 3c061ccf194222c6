// Arrivals (emergency admissions by group, time-varying), the admission (ED) queue, admission
// to an acute bed, leaving it, and readmission as a new episode.

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <limits>
#include <stdexcept>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"
#include "model/arrival_profile.hpp"
#include "model/duration_sampler.hpp"
#include "stats/summary.hpp"

namespace careflow::model {

using namespace care_system_detail;

// Admissions follow the group's daily rate times the profile (day of week, hour, month, surges):
// a Poisson process with that varying rate, drawn by thinning one at the peak rate.
void CareSystem::schedule_next_arrival(std::uint32_t group, engine::LpContext& context) {
  const double peak_rate = scenario_.groups[group].admissions_per_day * arrival_peak_;
  auto& stream = arrival_streams_[group];
  boost::random::exponential_distribution<double> gap(peak_rate);
  Tick t = context.now();
  for (;;) {
    t = engine::later_by(t, engine::ticks_from_days(gap(stream)));
    if (t >= engine::kTickNever) break;  // a rate so low that no admission comes within any run
    if (arrival_peak_ == 1.0 || stream.uniform01() * arrival_peak_ < arrival_factor(scenario_.arrivals, t)) break;
  }
  context.schedule_at(t, kArrival, group, kArrivalPriority);
}

void CareSystem::arrive(std::uint32_t group, engine::LpContext& context) {
  const auto& g = scenario_.groups[group];
  schedule_next_arrival(group, context);

  const auto locality = draw_index(g.locality_shares.data(), g.locality_shares.size(), attribute_stream_);
  const auto pathway = draw_index(g.pathway_shares.data(), g.pathway_shares.size(), attribute_stream_);
  const auto frailty = draw_index(g.frailty_shares.data(), g.frailty_shares.size(), attribute_stream_);
  const PatientId patient =
      patients_.add(static_cast<std::uint16_t>(group), static_cast<std::uint16_t>(locality),
                    static_cast<std::uint8_t>(pathway), context.now());
  patients_.frailty[patient] = static_cast<std::uint8_t>(frailty);
  request_bed(patient, context);
}

// Each group is admitted to its acute unit (scenario: groups.<g>.acute_unit).
void CareSystem::request_bed(PatientId patient, engine::LpContext& context) {
  const std::size_t k = acute_of(patient);
  auto& acute = acute_[k];
  if (acute.beds_in_use < acute.capacity) {
    admit(patient, context);
  } else if (scenario_.acute_units[k].turn_away_when_full) {
    patients_.place[patient] = Outcome::turned_away;
    release_resident(patient, true, context);  // treated elsewhere, then home
  } else {
    acute.admission_queue.push(patient);
  }
}

void CareSystem::admit(PatientId patient, engine::LpContext& context) {
  ++acute_[acute_of(patient)].beds_in_use;
  patients_.place[patient] = Outcome::in_acute;
  patients_.admitted[patient] = context.now();
  const auto& group = scenario_.groups[patients_.group[patient]];
  const double multiplier = scenario_.frailty.stay_multiplier[patients_.frailty[patient]];
  const Tick stay = engine::ticks_from_days(multiplier * sample_days(group.stay, acute_stay_stream_));
  patients_.ready[patient] = context.now() + stay;  // the true ready date; reached at kReady
  context.schedule(stay, kReady, patient, kProcessPriority);
  const bool needs_service = static_cast<Pathway>(patients_.pathway[patient]) != Pathway::P0;
  if (needs_service && scenario_.levers.planning_start && !is_visitor(patient)) {
    context.schedule(engine::ticks_from_days(scenario_.levers.edd_set_after_days), kPlanningStart,
                     for_episode(patient, patients_.episodes[patient]), kProcessPriority);
  }
}

void CareSystem::leave_acute(PatientId patient, engine::LpContext& context) {
  auto& acute = acute_[acute_of(patient)];
  --acute.beds_in_use;
  patients_.left_acute[patient] = context.now();
  if (static_cast<Pathway>(patients_.pathway[patient]) != Pathway::P0) --ready_in_acute_;
  if (acute.beds_in_use < acute.capacity && !acute.admission_queue.empty()) admit(acute.admission_queue.pop(), context);
}

// A new episode for the same person: back through admission, with a new pathway decision.
void CareSystem::readmit(PatientId patient, engine::LpContext& context) {
  const auto& group = scenario_.groups[patients_.group[patient]];
  patients_.pathway[patient] = static_cast<std::uint8_t>(
      draw_index(group.pathway_shares.data(), group.pathway_shares.size(), attribute_stream_));
  patients_.place[patient] = Outcome::waiting_admission;
  patients_.ready_flag[patient] = 0;
  patients_.planned_flag[patient] = 0;
  patients_.prepared_flag[patient] = 0;
  patients_.arrival[patient] = context.now();
  patients_.admitted[patient] = -1;
  patients_.ready[patient] = -1;
  patients_.left_acute[patient] = -1;
  patients_.left_service[patient] = -1;
  ++patients_.episodes[patient];
  // A proxy readmitted at home is a patient of ours again; a visitor (a neighbour's resident in
  // one of our community beds, by mutual aid) is readmitted here and stays theirs.
  if (is_proxy(patient)) patients_.elsewhere[patient] = 0;
  patients_.aid_guest[patient] = 0;  // a new episode, admitted here
  patients_.package_hours[patient] = -1.0F;  // a new episode, new needs
  patients_.stepped_up_from_home[patient] = 0;
  request_bed(patient, context);
}

}  // namespace careflow::model
