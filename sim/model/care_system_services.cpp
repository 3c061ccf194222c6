// Community services: places (people, beds, care visits on a tapering schedule, or care hours
// of packages sized per person), pools and their queues, capacity changes over time, moving on
// between units, and what happens when a service ends.

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
  if (unit >= kFirstAcuteUnit) {
    const std::size_t k = kAcuteUnit - unit;
    const auto& spec = scenario_.acute_units[k];
    auto& acute = acute_[k];
    const int capacity = starts ? spec.changes[index].capacity : spec.beds;
    acute.capacity = capacity;
    while (acute.beds_in_use < acute.capacity && !acute.admission_queue.empty()) {
      admit(acute.admission_queue.pop(), context);
    }
    return;
  }
  const auto& spec = scenario_.services[unit];
  services_[unit].capacity = starts ? spec.changes[index].capacity : spec.capacity;
  fill_free_places(unit, context);
}

// Gives free places of `service` to the patients waiting longest in its pool, first come first
// served: a package too large for the hours free waits at the head until they are.
void CareSystem::fill_free_places(std::size_t service, engine::LpContext& context) {
  auto& state = services_[service];
  auto& pool = pools_[state.pool];
  while (!pool.queue.empty()) {
    const QueueEntry next = pool.queue.front();
    if (patients_.ticket[next.patient] != next.ticket) {  // left this queue already
      pool.queue.pop();
      continue;
    }
    if (!has_room(service, next.patient)) break;
    pool.queue.pop();
    --pool.waiting;
    ++patients_.ticket[next.patient];  // out of the queue: tickets only rise, so no stale event matches
    allocate(next.patient, service, context);
  }
}

double CareSystem::visits_in_week(std::size_t service, std::size_t week) const {
  const auto& visits = *services_[service].visits;
  return visits[std::min(week, visits.size() - 1)];
}

// What one more patient adds to a unit's load: nothing for a unit counted in people, the
// first week's visits, or the person's package hours.
double CareSystem::place_size(PatientId patient, std::size_t s) const {
  switch (services_[s].counts) {
    case ServiceState::Counts::people: return 0.0;
    case ServiceState::Counts::visits: return services_[s].visits->front();
    case ServiceState::Counts::hours: return patients_.package_hours[patient];
  }
  return 0.0;
}

// A person's package is drawn once an episode, when they first need a place at a unit counted
// in hours (a package larger than the unit's whole capacity is cut to it).
void CareSystem::draw_package(PatientId patient, std::size_t s) {
  if (services_[s].counts != ServiceState::Counts::hours || patients_.package_hours[patient] >= 0) return;
  const auto& spec = scenario_.services[s];
  const double hours = std::min(sample_days(*spec.package_hours, package_stream_), double(spec.capacity));
  patients_.package_hours[patient] = static_cast<float>(hours);
}

// A place is free when another patient fits: a person or bed; counted in visits, the new
// patient's first-week visits (visits only taper, so if they fit today the whole schedule fits);
// counted in hours, the person's package.
bool CareSystem::has_room(std::size_t s, PatientId patient) const {
  const auto& state = services_[s];
  if (state.counts == ServiceState::Counts::people) return state.committed < state.capacity;
  return state.load_committed + place_size(patient, s) <= state.capacity + 1e-9;
}

void CareSystem::commit_place(std::size_t s, PatientId patient) {
  auto& state = services_[s];
  ++state.committed;
  state.load_committed += place_size(patient, s);
}

// Brokerage to a unit lengthens as its market fills: the scenario's curve at the share of its
// capacity committed now.
double CareSystem::brokerage_multiplier(std::size_t s) const {
  const auto& state = services_[s];
  const double used = state.counts == ServiceState::Counts::people ? state.committed : state.load_committed;
  return scenario_.services[s].brokerage_factor(state.capacity > 0 ? used / state.capacity : 1.0);
}

// A patient counted in visits starts on the first week's visits, and one event a week tapers
// them; a package's hours hold for the whole stay.
void CareSystem::start_visits(PatientId patient, std::size_t s, Tick length,
                              engine::LpContext& context) {
  auto& state = services_[s];
  state.load_in_use += place_size(patient, s);
  if (state.counts != ServiceState::Counts::visits) return;
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
  state.load_committed += change;
  state.load_in_use += change;
  fill_free_places(s, context);  // the visits freed may fit someone waiting
}

std::size_t CareSystem::free_service_in_pool(PatientId patient) const {
  const auto pathway = static_cast<Pathway>(patients_.pathway[patient]);
  const std::size_t home = scenario_.service_for(pathway, patients_.locality[patient]);
  if (has_room(home, patient)) return home;
  for (std::size_t s : pools_[services_[home].pool].services) {
    if (has_room(s, patient)) return s;
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
  if (state.counts == ServiceState::Counts::hours) {
    state.load_committed -= patients_.package_hours[patient];
    state.load_in_use -= patients_.package_hours[patient];
  } else if (state.counts == ServiceState::Counts::visits) {
    // The last taper applied was for the last week that began before the end of the stay (for a
    // patient who waited to move on, the stay ended when the waiting began).
    const Tick stay_end = patients_.next_service[patient] != kNone ? patients_.left_service[patient] : now;
    const Tick elapsed = stay_end - patients_.service_start[patient];
    const auto week = elapsed > 0 ? static_cast<std::size_t>((elapsed - 1) / kWeek) : 0;
    const double visits = visits_in_week(service, week);
    state.load_committed -= visits;
    state.load_in_use -= visits;
  }
}

// The stay is over but the patient moves on to `to`: they keep their place here until one is
// found there (blocking after service), queueing in its pool like a patient in an acute bed.
void CareSystem::move_on(PatientId patient, std::size_t route, engine::LpContext& context) {
  const auto from = static_cast<std::size_t>(patients_.service[patient]);
  const std::size_t to = scenario_.services[from].next_for(patients_.group[patient])[route].first;
  auto& state = services_[from];
  ++state.moving_on;
  const auto target = std::find(state.route_targets.begin(), state.route_targets.end(), to);
  patients_.route[patient] = static_cast<std::uint8_t>(target - state.route_targets.begin());
  if (!state.moving_on_by_route.empty()) ++state.moving_on_by_route[patients_.route[patient]];
  patients_.next_service[patient] = static_cast<std::int16_t>(to);
  patients_.left_service[patient] = context.now();  // the stay here is over
  draw_package(patient, to);
  if (const std::size_t s = free_place_before_anyone(patient, to); s != kNoService) {
    allocate_next(patient, s, context);
  } else {
    join_queue(patient, to);
  }
}

// A place for `patient` at `unit`, or elsewhere in its pool, when nobody waits there already
// (they would come first); kNoService otherwise.
std::size_t CareSystem::free_place_before_anyone(PatientId patient, std::size_t unit) const {
  const auto& pool = pools_[services_[unit].pool];
  if (pool.waiting > 0) return kNoService;
  if (has_room(unit, patient)) return unit;
  for (std::size_t s : pool.services) {
    if (has_room(s, patient)) return s;
  }
  return kNoService;
}

// Joins the queue of `unit`'s pool, first come first served; returns the patient's ticket.
std::uint32_t CareSystem::join_queue(PatientId patient, std::size_t unit) {
  auto& pool = pools_[services_[unit].pool];
  const std::uint32_t ticket = ++patients_.ticket[patient];
  pool.queue.push({patient, ticket});
  ++pool.waiting;
  return ticket;
}

// A place at `service` for a patient finishing elsewhere: it is theirs from now, and they move
// after the unit's own assessment (working days; none with a trusted assessor) and brokerage
// (longer as the unit fills), on a weekday within discharge hours unless seven-day working.
void CareSystem::allocate_next(PatientId patient, std::size_t service, engine::LpContext& context) {
  commit_place(service, patient);
  patients_.next_service[patient] = static_cast<std::int16_t>(service);
  const auto& spec = scenario_.services[service];
  Tick due = context.now();
  if (!scenario_.levers.trusted_assessor) due = add_working_days(due, spec.assessment_days);
  due += engine::ticks_from_days(spec.brokerage_days * brokerage_multiplier(service));
  const Tick slot = discharge_slot(due);
  if (slot == context.now()) {
    transfer(patient, context);
  } else {
    context.schedule_at(slot, kTransfer, patient, kMovePriority);
  }
}

void CareSystem::transfer(PatientId patient, engine::LpContext& context) {
  const auto from = static_cast<std::size_t>(patients_.service[patient]);
  const auto to = static_cast<std::size_t>(patients_.next_service[patient]);
  release_place(patient, from, context.now());
  --services_[from].moving_on;
  if (!services_[from].moving_on_by_route.empty()) --services_[from].moving_on_by_route[patients_.route[patient]];
  patients_.next_service[patient] = kNone;
  enter_service(patient, to, sample_days(scenario_.services[to].stay, service_stay_stream_), context);
  fill_free_places(from, context);
}

void CareSystem::end_service(PatientId patient, engine::LpContext& context) {
  const auto service = static_cast<std::size_t>(patients_.service[patient]);
  const auto& next = scenario_.services[service].next_for(patients_.group[patient]);
  if (!next.empty()) {
    double u = outcome_stream_.uniform01();
    for (std::size_t route = 0; route < next.size(); ++route) {
      if (u < next[route].second) {
        move_on(patient, route, context);
        return;
      }
      u -= next[route].second;
    }
  }
  release_place(patient, service, context.now());
  patients_.service[patient] = kNone;
  patients_.left_service[patient] = context.now();
  const auto& shares = scenario_.services[service].outcomes_for(patients_.group[patient]);
  const auto outcome = static_cast<scenario::ServiceOutcome>(
      draw_index(shares.data(), shares.size(), outcome_stream_));
  const bool measured = context.now() >= warmup_end_;
  if (measured) ++service_outcomes_[static_cast<std::size_t>(outcome)];
  // Reablement (P1) leavers still at home 91 days on: home, with or without a care package,
  // and not readmitted within 91 days.
  const bool reablement = scenario_.services[service].from_hospital &&
                          scenario_.services[service].pathway == Pathway::P1 &&
                          !patients_.stepped_up_from_home[patient];
  if (measured && reablement) {
    ++reablement_leavers_;
    if (outcome == scenario::ServiceOutcome::home ||
        outcome == scenario::ServiceOutcome::long_term_care) {
      ++reablement_home_at_91_days_;
    }
  }
  switch (outcome) {
    // A resident in a care home is at home to the population's hazards (docs/population.md).
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
  // Readmitted by the care model: still in its care until the new episode.
  if (outcome != scenario::ServiceOutcome::readmission) {
    release_resident(patient, outcome != scenario::ServiceOutcome::death, context);
  }
  fill_free_places(service, context);
}

}  // namespace careflow::model
