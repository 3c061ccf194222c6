// Step-up: people referred from home (by GPs and community teams) straight into a community
// unit, with no acute stay. They wait at home in the unit's queue, first come first served with
// everyone else, and start on a weekday within discharge hours unless seven-day working.

#include <boost/random/exponential_distribution.hpp>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"
#include "model/duration_sampler.hpp"

namespace careflow::model {

using namespace care_system_detail;

// A Poisson process at the unit's step_up_per_day, on a stream of its own.
void CareSystem::schedule_next_step_up(std::size_t service, engine::LpContext& context) {
  boost::random::exponential_distribution<double> gap(scenario_.services[service].step_up_per_day);
  const Tick t = engine::later_by(context.now(), engine::ticks_from_days(gap(step_up_streams_[service])));
  if (t < engine::kTickNever) context.schedule_at(t, kStepUp, service, kArrivalPriority);
}

void CareSystem::refer_from_home(std::size_t service, engine::LpContext& context) {
  schedule_next_step_up(service, context);
  const auto& spec = scenario_.services[service];
  const auto locality = static_cast<std::uint16_t>(spec.locality.value_or(0));
  const PatientId patient =
      patients_.add(0, locality, static_cast<std::uint8_t>(spec.pathway), context.now());
  patients_.place[patient] = Outcome::waiting_at_home;
  patients_.stepped_up_from_home[patient] = 1;
  if (context.now() >= warmup_end_) ++services_[service].step_up_referrals;
  draw_package(patient, service);
  if (const std::size_t s = free_place_before_anyone(patient, service); s != kNoService) {
    allocate_from_home(patient, s, context);
  } else {
    join_queue(patient, service);
  }
}

void CareSystem::allocate_from_home(PatientId patient, std::size_t service, engine::LpContext& context) {
  commit_place(service, patient);
  patients_.service[patient] = static_cast<std::int16_t>(service);
  const Tick slot = discharge_slot(context.now());
  if (slot == context.now()) {
    start_from_home(patient, context);
  } else {
    context.schedule_at(slot, kStartFromHome, patient, kMovePriority);
  }
}

void CareSystem::start_from_home(PatientId patient, engine::LpContext& context) {
  const auto service = static_cast<std::size_t>(patients_.service[patient]);
  patients_.place[patient] = Outcome::in_community;
  if (context.now() >= warmup_end_) {
    auto& state = services_[service];
    state.step_up_wait_days += engine::days_from_ticks(context.now() - patients_.arrival[patient]);
    ++state.step_up_starts;
  }
  enter_service(patient, service, sample_days(scenario_.services[service].stay, service_stay_stream_), context);
}

}  // namespace careflow::model
