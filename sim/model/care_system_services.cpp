// Community services: places (people, beds or care visits on a tapering schedule), pools and
// their queues, capacity changes over time, and what happens when a service ends.

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <limits>
#include <stdexcept>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"
#include "model/duration_sampler.hpp"
#include "stats/summary.hpp"

namespace careflow::model {

using namespace care_system_detail;

void CareSystem::change_capacity(std::uint64_t payload, engine::LpContext& context) {
  const std::uint64_t unit = payload & 0xffff;
  const std::size_t index = (payload >> 16) & 0xffff;
  const bool starts = (payload >> 32) != 0;
  if (unit == kAcuteUnit) {
    bed_capacity_ = starts ? scenario_.acute.changes[index].capacity : scenario_.acute.beds;
    while (beds_in_use_ < bed_capacity_ && !admission_queue_.empty()) {
      admit(admission_queue_.pop(), context);
    }
    return;
  }
  const auto& spec = scenario_.services[unit];
  services_[unit].capacity = starts ? spec.changes[index].capacity : spec.capacity;
  fill_free_places(unit, context);
}

// Gives free places of `service` to the patients waiting longest in its pool.
void CareSystem::fill_free_places(std::size_t service, engine::LpContext& context) {
  auto& state = services_[service];
  auto& pool = pools_[state.pool];
  while (has_room(service) && !pool.queue.empty()) {
    const QueueEntry next = pool.queue.pop();
    if (patients_.ticket[next.patient] != next.ticket) continue;  // left this queue already
    --pool.waiting;
    patients_.ticket[next.patient] = 0;
    allocate(next.patient, service, context);
  }
}

double CareSystem::visits_in_week(std::size_t service, std::size_t week) const {
  const auto& visits = *services_[service].visits;
  return visits[std::min(week, visits.size() - 1)];
}

// A place is free when another patient fits: a person or bed, or, counted in visits, the new
// patient's first-week visits. Visits only taper, so if they fit today the whole schedule fits.
bool CareSystem::has_room(std::size_t s) const {
  const auto& state = services_[s];
  if (!state.visits) return state.committed < state.capacity;
  return state.visits_committed + state.visits->front() <= state.capacity + 1e-9;
}

void CareSystem::commit_place(std::size_t s) {
  auto& state = services_[s];
  ++state.committed;
  if (state.visits) state.visits_committed += state.visits->front();
}

// A patient counted in visits starts on the first week's visits; one event a week tapers them.
void CareSystem::start_visits(PatientId patient, std::size_t s, Tick length,
                              engine::LpContext& context) {
  auto& state = services_[s];
  if (!state.visits) return;
  state.visits_in_use += state.visits->front();
  for (std::uint64_t week = 1; week < state.visits->size() && Tick(week) * kWeek < length; ++week) {
    const std::uint64_t payload =
        patient | (week << 32) | (std::uint64_t{patients_.episodes[patient]} << 48);
    context.schedule(Tick(week) * kWeek, kTaper, payload, kProcessPriority);
  }
}

// A patient receiving visits moves into the next week of the schedule.
void CareSystem::taper(std::uint64_t payload, engine::LpContext& context) {
  const auto patient = static_cast<PatientId>(payload & 0xffffffffULL);
  const auto week = static_cast<std::size_t>((payload >> 32) & 0xffff);
  const auto episode = static_cast<std::uint16_t>(payload >> 48);
  if (patients_.episodes[patient] != episode || patients_.place[patient] != Outcome::in_community) {
    return;  // the service ended first
  }
  if (context.now() - patients_.service_start[patient] != Tick(week) * kWeek) return;  // of a unit left since
  const auto s = static_cast<std::size_t>(patients_.service[patient]);
  auto& state = services_[s];
  const double change = visits_in_week(s, week) - visits_in_week(s, week - 1);
  state.visits_committed += change;
  state.visits_in_use += change;
  fill_free_places(s, context);  // the visits freed may fit someone waiting
}

std::size_t CareSystem::free_service_in_pool(PatientId patient) const {
  const auto pathway = static_cast<Pathway>(patients_.pathway[patient]);
  const std::size_t home = scenario_.service_for(pathway, patients_.locality[patient]);
  if (has_room(home)) return home;
  for (std::size_t s : pools_[services_[home].pool].services) {
    if (has_room(s)) return s;
  }
  return kNoService;
}

// A patient starts a stay of `stay_days` at `service` (a place already committed to them).
void CareSystem::enter_service(PatientId patient, std::size_t service, double stay_days, engine::LpContext& context) {
  ++services_[service].occupied;
  patients_.service[patient] = static_cast<std::int16_t>(service);
  patients_.service_start[patient] = context.now();
  const Tick length = engine::ticks_from_days(stay_days);
  context.schedule(length, kServiceEnd, patient, kFreePriority);
  start_visits(patient, service, length, context);
}

// The patient's place at `service` is free again (the caller offers it to whoever waits).
void CareSystem::release_place(PatientId patient, std::size_t service, Tick now) {
  auto& state = services_[service];
  --state.occupied;
  --state.committed;
  if (state.visits) {
    // The last taper applied was for the last week that began before the end of the stay (for a
    // patient who waited to move on, the stay ended when the waiting began).
    const Tick stay_end = patients_.next_service[patient] != kNone ? patients_.left_service[patient] : now;
    const Tick elapsed = stay_end - patients_.service_start[patient];
    const auto week = elapsed > 0 ? static_cast<std::size_t>((elapsed - 1) / kWeek) : 0;
    const double visits = visits_in_week(service, week);
    state.visits_committed -= visits;
    state.visits_in_use -= visits;
  }
}

// The stay is over but the patient moves on to `to`: they keep their place here until one is
// found there (blocking after service), queueing in its pool like a patient in an acute bed.
void CareSystem::move_on(PatientId patient, std::size_t to, engine::LpContext& context) {
  const auto from = static_cast<std::size_t>(patients_.service[patient]);
  ++services_[from].moving_on;
  patients_.next_service[patient] = static_cast<std::int16_t>(to);
  patients_.left_service[patient] = context.now();  // the stay here is over
  auto& pool = pools_[services_[to].pool];
  if (has_room(to) && pool.waiting == 0) {
    allocate_next(patient, to, context);
    return;
  }
  for (std::size_t s : pool.services) {
    if (pool.waiting == 0 && has_room(s)) {
      allocate_next(patient, s, context);
      return;
    }
  }
  const std::uint32_t ticket = ++patients_.ticket[patient];
  pool.queue.push({patient, ticket});
  ++pool.waiting;
}

// A place at `service` for a patient finishing elsewhere: it is theirs from now, and they move
// after the unit's brokerage.
void CareSystem::allocate_next(PatientId patient, std::size_t service, engine::LpContext& context) {
  commit_place(service);
  patients_.next_service[patient] = static_cast<std::int16_t>(service);
  const Tick lag = engine::ticks_from_days(scenario_.services[service].brokerage_days);
  if (lag == 0) {
    transfer(patient, context);
  } else {
    context.schedule(lag, kTransfer, patient, kMovePriority);
  }
}

void CareSystem::transfer(PatientId patient, engine::LpContext& context) {
  const auto from = static_cast<std::size_t>(patients_.service[patient]);
  const auto to = static_cast<std::size_t>(patients_.next_service[patient]);
  release_place(patient, from, context.now());
  --services_[from].moving_on;
  patients_.next_service[patient] = kNone;
  enter_service(patient, to, sample_days(scenario_.services[to].stay, service_stay_stream_), context);
  fill_free_places(from, context);
}

void CareSystem::end_service(PatientId patient, engine::LpContext& context) {
  const auto service = static_cast<std::size_t>(patients_.service[patient]);
  const auto& next = scenario_.services[service].next;
  if (!next.empty()) {
    double u = outcome_stream_.uniform01();
    for (const auto& [to, share] : next) {
      if (u < share) {
        move_on(patient, to, context);
        return;
      }
      u -= share;
    }
  }
  release_place(patient, service, context.now());
  patients_.service[patient] = kNone;
  patients_.left_service[patient] = context.now();
  const auto& shares = scenario_.services[service].outcomes;
  const auto outcome = static_cast<scenario::ServiceOutcome>(
      draw_index(shares.data(), shares.size(), outcome_stream_));
  const bool measured = context.now() >= warmup_end_;
  if (measured) ++service_outcomes_[static_cast<std::size_t>(outcome)];
  // Reablement (P1) leavers still at home 91 days on: home, with or without a care package,
  // and not readmitted within 91 days.
  const bool reablement = scenario_.services[service].from_hospital && scenario_.services[service].pathway == Pathway::P1;
  if (measured && reablement) {
    ++reablement_leavers_;
    if (outcome == scenario::ServiceOutcome::home ||
        outcome == scenario::ServiceOutcome::long_term_care) {
      ++reablement_home_at_91_days_;
    }
  }
  switch (outcome) {
    case scenario::ServiceOutcome::home: patients_.place[patient] = Outcome::home; break;
    case scenario::ServiceOutcome::long_term_care: patients_.place[patient] = Outcome::long_term_care; break;
    case scenario::ServiceOutcome::care_home: patients_.place[patient] = Outcome::care_home; break;
    case scenario::ServiceOutcome::death: patients_.place[patient] = Outcome::dead; break;
    case scenario::ServiceOutcome::readmission: {
      patients_.place[patient] = Outcome::home;
      const double after = boost::random::exponential_distribution<double>(
          1.0 / scenario_.discharge.readmission_mean_days)(outcome_stream_);
      if (measured && after <= 30.0) ++readmitted_within_30_days_;
      if (measured && reablement && after > 91.0) ++reablement_home_at_91_days_;
      context.schedule(engine::ticks_from_days(after), kReadmission, patient, kArrivalPriority);
      break;
    }
  }
  fill_free_places(service, context);
}

}  // namespace careflow::model
