// The discharge process from the acute unit and the pull levers that change it: planning from
// admission against an EDD, reservations, home first, readiness, preparation (referral,
// assessments, brokerage), discharge slots, and deconditioning while a patient waits.

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

// When referral, assessments and brokerage started at `start` are done. Brokerage lengthens
// when the patient's service is near full, if its scenario gives a curve.
Tick CareSystem::preparation_time(PatientId patient, Tick start) const {
  const auto& d = scenario_.discharge;
  Tick t = start + engine::ticks_from_days(d.referral_lag_days);
  if (!scenario_.levers.discharge_to_assess) t += engine::ticks_from_days(d.assessment_days);
  if (!scenario_.levers.trusted_assessor) t = add_working_days(t, d.provider_assessment_days);
  const double multiplier = any_brokerage_curve_ ? brokerage_multiplier(home_service(patient)) : 1.0;
  return t + engine::ticks_from_days(d.brokerage_days * multiplier);
}

void CareSystem::decide_home_first(PatientId patient) {
  if (!scenario_.levers.home_first) return;
  auto& pathway = patients_.pathway[patient];
  if (pathway < static_cast<std::uint8_t>(Pathway::P2)) return;
  if (discharge_stream_.uniform01() < scenario_.levers.home_first_share) {
    pathway = static_cast<std::uint8_t>(Pathway::P1);
    ++moved_home_first_;
  }
}

// Pull: planning starts during treatment, against an expected discharge date.
void CareSystem::start_planning(PatientId patient, engine::LpContext& context) {
  if (patients_.place[patient] != Outcome::in_acute || patients_.prepared_flag[patient]) return;
  if (patients_.ready_flag[patient]) return;  // ready before planning began: push path runs
  patients_.planned_flag[patient] = 1;
  decide_home_first(patient);
  const Tick prepared = preparation_time(patient, context.now());
  context.schedule_at(prepared, kPrepared, for_episode(patient, patients_.episodes[patient]), kProcessPriority);
  if (scenario_.levers.capacity_reservation) {
    const double error =
        boost::random::normal_distribution<double>(0.0, scenario_.levers.edd_error_sd_days)(
            discharge_stream_);
    const Tick edd = patients_.ready[patient] + engine::ticks_from_days(error);
    const Tick reserve = edd - engine::ticks_from_days(scenario_.levers.reserve_days_ahead);
    context.schedule_at(std::max(reserve, context.now()), kReserve, for_episode(patient, patients_.episodes[patient]),
                        kProcessPriority);
  }
}

void CareSystem::reserve_place(PatientId patient) {
  if (patients_.place[patient] != Outcome::in_acute) return;
  if (patients_.service[patient] != kNone) return;
  if (patients_.ready_flag[patient] && patients_.prepared_flag[patient]) return;  // queued already
  draw_package(patient, home_service(patient));
  const std::size_t service = free_service_in_pool(patient);
  if (service == kNoService) return;  // no room now: the patient queues when able to leave
  commit_place(service, patient);
  patients_.service[patient] = static_cast<std::int16_t>(service);
}

void CareSystem::become_ready(PatientId patient, engine::LpContext& context) {
  patients_.ready_flag[patient] = 1;
  if (static_cast<Pathway>(patients_.pathway[patient]) == Pathway::P0) {
    const Tick leave = within_discharge_hours(context.now());
    if (leave == context.now()) {
      patients_.place[patient] = Outcome::home;
      leave_acute(patient, context);
      release_resident(patient, true, context);
    } else {
      context.schedule_at(leave, kLeaveHome, patient, kMovePriority);
    }
    return;
  }
  ++ready_in_acute_;
  if (is_visitor(patient)) {  // their own care system finds the place
    refer_home(patient, context);
    return;
  }
  if (!patients_.planned_flag[patient]) {
    // Push (or ready before planning could start): the discharge process starts now.
    decide_home_first(patient);
    const Tick prepared = preparation_time(patient, context.now());
    if (prepared == context.now()) {
      finish_preparation(patient, context);  // no discharge process to wait for
    } else {
      context.schedule_at(prepared, kPrepared, for_episode(patient, patients_.episodes[patient]), kProcessPriority);
    }
    return;
  }
  if (patients_.prepared_flag[patient]) seek_place(patient, context);
}

void CareSystem::finish_preparation(PatientId patient, engine::LpContext& context) {
  if (patients_.prepared_flag[patient]) return;
  patients_.prepared_flag[patient] = 1;
  if (patients_.ready_flag[patient]) seek_place(patient, context);
}

// The patient can leave: take the reserved place, a free place, or join the pool's queue.
void CareSystem::seek_place(PatientId patient, engine::LpContext& context) {
  if (patients_.service[patient] != kNone) {
    context.schedule_at(discharge_slot(context.now()), kDischarge, patient, kMovePriority);
    return;
  }
  draw_package(patient, home_service(patient));
  const std::size_t service = free_service_in_pool(patient);
  if (service != kNoService) {
    allocate(patient, service, context);
    return;
  }
  const std::uint32_t ticket = join_queue(patient, home_service(patient));
  if (scenario_.discharge.deconditioning_per_day > 0) {
    context.schedule(kTicksPerDay, kDecondition, pack(patient, ticket), kProcessPriority);
  }
}

void CareSystem::allocate(PatientId patient, std::size_t service, engine::LpContext& context) {
  if (patients_.place[patient] == Outcome::in_community) {  // moving on from another unit
    allocate_next(patient, service, context);
    return;
  }
  if (patients_.place[patient] == Outcome::waiting_at_home) {  // a step-up referral
    allocate_from_home(patient, service, context);
    return;
  }
  commit_place(service, patient);
  patients_.service[patient] = static_cast<std::int16_t>(service);
  const Tick slot = discharge_slot(context.now());
  if (slot == context.now()) {
    discharge_to_service(patient, context);
  } else {
    context.schedule_at(slot, kDischarge, patient, kMovePriority);
  }
}

// Without seven-day working, a discharge due at a weekend happens then only for a small share
// of patients; the rest wait for Monday morning.
Tick CareSystem::discharge_slot(Tick due) {
  if (scenario_.levers.seven_day_working || is_weekday(due)) return within_discharge_hours(due);
  if (discharge_stream_.uniform01() < scenario_.discharge.weekend_discharge_share) {
    return within_discharge_hours(due);
  }
  const Tick day = due / kTicksPerDay;
  return within_discharge_hours((day + (7 - day % 7)) * kTicksPerDay + kMondayDischargeHour);
}

// Discharges happen between first_hour and last_hour: later ones wait for the next morning.
Tick CareSystem::within_discharge_hours(Tick due) const {
  const Tick first = first_discharge_tick_;
  const Tick last = last_discharge_tick_;
  const Tick day_start = due / kTicksPerDay * kTicksPerDay;
  const Tick in_day = due - day_start;
  if (in_day < first) return day_start + first;
  if (in_day >= last) return day_start + kTicksPerDay + first;
  return due;
}

void CareSystem::discharge_to_service(PatientId patient, engine::LpContext& context) {
  if (is_proxy(patient)) {  // in another care system's bed: it discharges them when it hears
    place_ready_elsewhere(patient, context);
    return;
  }
  patients_.place[patient] = Outcome::in_community;
  leave_acute(patient, context);
  start_service_after_acute(patient, context);
}

void CareSystem::start_service_after_acute(PatientId patient, engine::LpContext& context) {
  const auto service = static_cast<std::size_t>(patients_.service[patient]);
  patients_.place[patient] = Outcome::in_community;
  double stay = sample_days(scenario_.services[service].stay, service_stay_stream_);
  if (scenario_.levers.discharge_to_assess) stay += scenario_.discharge.assessment_days;
  enter_service(patient, service, stay, context);
}

void CareSystem::check_deconditioning(PatientId patient, std::uint32_t ticket,
                                      engine::LpContext& context) {
  if (patients_.ticket[patient] != ticket) return;  // placed, or moved to another queue
  if (patients_.place[patient] != Outcome::in_acute) return;  // only a wait in an acute bed deconditions
  auto& pathway = patients_.pathway[patient];
  const bool can_step_up = pathway < static_cast<std::uint8_t>(Pathway::P3);
  const double chance = scenario_.discharge.deconditioning_per_day *
                        scenario_.frailty.deconditioning_multiplier[patients_.frailty[patient]];
  if (can_step_up && deconditioning_stream_.uniform01() < chance) {
    const auto old = static_cast<Pathway>(pathway);
    --pools_[services_[scenario_.service_for(old, patients_.locality[patient])].pool].waiting;
    ++patients_.ticket[patient];  // invalidates the old queue entry
    ++pathway;
    ++stepped_up_;
    seek_place(patient, context);
    return;
  }
  context.schedule(kTicksPerDay, kDecondition, pack(patient, ticket), kProcessPriority);
}

}  // namespace careflow::model
