#include "model/care_system.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <limits>
#include <stdexcept>

#include "model/duration_sampler.hpp"
#include "stats/summary.hpp"

namespace careflow::model {
namespace {

using engine::Tick;
using engine::kTicksPerDay;
using scenario::Pathway;

enum Kind : engine::EventKind {
  kArrival, kReady, kPlanningStart, kReserve, kPrepared, kDischarge, kServiceEnd, kDecondition,
  kDayEnd, kWarmupEnd, kCapacity, kReadmission, kLeaveHome, kTaper
};
// At one instant: places free up first, then patients move into them, then the discharge
// process advances, then new patients arrive, then the books are closed.
constexpr engine::Priority kFreePriority = 0;
constexpr engine::Priority kMovePriority = 1;
constexpr engine::Priority kProcessPriority = 2;
constexpr engine::Priority kArrivalPriority = 3;
constexpr engine::Priority kBookkeepingPriority = 4;

enum Purpose : std::uint32_t {
  kArrivals, kAttributes, kAcuteStay, kServiceStay, kDischargeProcess, kDeconditioning,
  kOutcomes, kInitialState
};

constexpr std::uint64_t kAcuteUnit = 0xffff;  // capacity events: the unit is a service or this

constexpr double kHoursPerTick = 1.0 / static_cast<double>(engine::kTicksPerHour);
constexpr std::size_t kNoService = std::numeric_limits<std::size_t>::max();
constexpr Tick kMondayDischargeHour = 10 * engine::kTicksPerHour;
constexpr Tick kWeek = 7 * kTicksPerDay;

bool is_weekday(Tick t) { return (t / kTicksPerDay) % 7 < 5; }  // day 0 is a Monday

// `days` of weekday time after `start`: weekends do not count.
Tick add_working_days(Tick start, double days) {
  Tick remaining = engine::ticks_from_days(days);
  Tick t = start;
  while (remaining > 0) {
    const Tick day_end = (t / kTicksPerDay + 1) * kTicksPerDay;
    if (is_weekday(t)) {
      const Tick step = std::min(remaining, day_end - t);
      t += step;
      remaining -= step;
    } else {
      t = day_end;
    }
  }
  return t;
}

std::uint64_t pack(std::uint32_t patient, std::uint32_t ticket) {
  return (std::uint64_t{ticket} << 32) | patient;
}

// Discharge-planning events belong to one episode of a patient's: a readmitted patient's new
// episode must not receive the planning start, reservation or preparation of the last one (a
// short service stay and a quick readmission can come before them).
std::uint64_t for_episode(std::uint32_t patient, std::uint16_t episode) {
  return (std::uint64_t{episode} << 48) | patient;
}

bool of_episode(std::uint64_t payload, std::uint16_t episode) {
  return static_cast<std::uint16_t>(payload >> 48) == episode;
}

}  // namespace

CareSystem::PatientId CareSystem::Patients::add(std::uint16_t g, std::uint16_t l, std::uint8_t p,
                                                Tick now) {
  if (count == group.size()) resize_columns(std::max<std::size_t>(64, 2 * count));
  const std::size_t i = count++;
  group[i] = g;
  locality[i] = l;
  pathway[i] = p;
  frailty[i] = 0;
  place[i] = Outcome::waiting_admission;
  ready_flag[i] = 0;
  planned_flag[i] = 0;
  prepared_flag[i] = 0;
  service[i] = kNone;
  ticket[i] = 0;
  arrival[i] = now;
  admitted[i] = -1;
  ready[i] = -1;
  left_acute[i] = -1;
  left_service[i] = -1;
  episodes[i] = 1;
  return static_cast<PatientId>(i);
}

// Every column has the same length, at least `count`: rows beyond `count` are spare.
void CareSystem::Patients::resize_columns(std::size_t n) {
  group.resize(n);
  locality.resize(n);
  pathway.resize(n);
  frailty.resize(n);
  place.resize(n);
  ready_flag.resize(n);
  planned_flag.resize(n);
  prepared_flag.resize(n);
  service.resize(n);
  ticket.resize(n);
  arrival.resize(n);
  admitted.resize(n);
  ready.resize(n);
  left_acute.resize(n);
  left_service.resize(n);
  episodes.resize(n);
}

CareSystem::CareSystem(const scenario::Scenario& scenario, std::uint64_t replication,
                       ModelOptions options)
    : scenario_(scenario),
      options_(std::move(options)),
      warmup_end_(engine::ticks_from_days(scenario.run.warmup_days)),
      attribute_stream_({.seed = scenario.run.seed, .replication = replication, .purpose = kAttributes}),
      acute_stay_stream_({.seed = scenario.run.seed, .replication = replication, .purpose = kAcuteStay}),
      service_stay_stream_(
          {.seed = scenario.run.seed, .replication = replication, .purpose = kServiceStay}),
      discharge_stream_(
          {.seed = scenario.run.seed, .replication = replication, .purpose = kDischargeProcess}),
      deconditioning_stream_(
          {.seed = scenario.run.seed, .replication = replication, .purpose = kDeconditioning}),
      outcome_stream_({.seed = scenario.run.seed, .replication = replication, .purpose = kOutcomes}),
      initial_stream_({.seed = scenario.run.seed, .replication = replication, .purpose = kInitialState}) {
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    arrival_streams_.emplace_back(engine::StreamId{
        .seed = scenario.run.seed, .replication = replication, .purpose = kArrivals, .substream = g});
  }
  bed_capacity_ = scenario.acute.beds;
  first_discharge_tick_ = engine::ticks_from_hours(scenario.discharge.first_hour);
  last_discharge_tick_ = engine::ticks_from_hours(scenario.discharge.last_hour);
  // Room for the expected arrivals (and a margin), so that the columns rarely move.
  double expected = scenario.acute.initially_occupied;
  for (const auto& g : scenario.groups) {
    expected += g.admissions_per_day * (scenario.run.days + scenario.run.warmup_days);
  }
  for (const auto& service : scenario.services) {
    expected += service.initially_occupied + service.initially_waiting;
  }
  // (At most 16 million rows up front: a larger run grows its columns as it goes.)
  patients_.resize_columns(static_cast<std::size_t>(std::min(expected * 1.05, 16e6)) + 64);
  const auto& profile = scenario.arrivals;
  double surge_peak = 1;
  for (const auto& surge : profile.surges) surge_peak = std::max(surge_peak, surge.multiplier);
  arrival_peak_ = *std::max_element(profile.day_of_week.begin(), profile.day_of_week.end()) *
                  *std::max_element(profile.hour_of_day.begin(), profile.hour_of_day.end()) *
                  *std::max_element(profile.month.begin(), profile.month.end()) * surge_peak;
  services_.resize(scenario.services.size());
  for (std::size_t s = 0; s < services_.size(); ++s) {
    services_[s].capacity = scenario.services[s].capacity;
    if (!scenario.services[s].visits_per_day.empty()) {
      services_[s].visits = &scenario.services[s].visits_per_day;
    }
    const auto pathway = static_cast<std::size_t>(scenario.services[s].pathway);
    if (scenario.levers.transfer_of_care_hub) {
      // One pool per pathway, in order of each pathway's first service.
      std::size_t pool = pools_.size();
      for (std::size_t existing = 0; existing < s; ++existing) {
        if (scenario.services[existing].pathway == scenario.services[s].pathway) {
          pool = services_[existing].pool;
          break;
        }
      }
      if (pool == pools_.size()) {
        pools_.emplace_back();
        pools_.back().name = std::string(scenario::kPathwayNames[pathway]) + " hub";
      }
      services_[s].pool = pool;
    } else {
      services_[s].pool = pools_.size();
      pools_.emplace_back();
      pools_.back().name = scenario.services[s].name;
    }
    pools_[services_[s].pool].services.push_back(s);
  }
}

void CareSystem::initialize(engine::LpContext& context) {
  for (std::uint32_t g = 0; g < scenario_.groups.size(); ++g) {
    if (scenario_.groups[g].admissions_per_day > 0) schedule_next_arrival(g, context);
  }
  context.schedule(warmup_end_, kWarmupEnd, 0, kBookkeepingPriority);
  // Capacity changes: payload = unit (service index, or kAcuteUnit) | change index << 16 |
  // 1 << 32 at the start of the change (0 at its end).
  auto schedule_changes = [&](std::uint64_t unit, const std::vector<scenario::CapacityChange>& changes) {
    for (std::uint64_t i = 0; i < changes.size(); ++i) {
      const std::uint64_t id = unit | (i << 16);
      context.schedule_at(engine::ticks_from_days(changes[i].from_day), kCapacity,
                          id | (std::uint64_t{1} << 32), kFreePriority);
      context.schedule_at(engine::ticks_from_days(changes[i].to_day), kCapacity, id, kFreePriority);
    }
  };
  schedule_changes(kAcuteUnit, scenario_.acute.changes);
  for (std::size_t s = 0; s < scenario_.services.size(); ++s) {
    schedule_changes(s, scenario_.services[s].changes);
  }
  set_up_initial_state(context);
}

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
    if (arrival_peak_ == 1.0 || stream.uniform01() * arrival_peak_ < arrival_factor(t)) break;
  }
  context.schedule_at(t, kArrival, group, kArrivalPriority);
}

double CareSystem::arrival_factor(Tick t) const {
  const auto& profile = scenario_.arrivals;
  const Tick day = t / kTicksPerDay;
  const auto hour = static_cast<std::size_t>((t % kTicksPerDay) / engine::kTicksPerHour);
  const auto month = std::min<std::size_t>(11, static_cast<std::size_t>(
                                                   static_cast<double>(day % 365) / (365.0 / 12.0)));
  double factor = profile.day_of_week[static_cast<std::size_t>(day % 7)] *
                  profile.hour_of_day[hour] * profile.month[month];
  const double days = engine::days_from_ticks(t);
  for (const auto& surge : profile.surges) {
    if (days >= surge.from_day && days < surge.to_day) factor *= surge.multiplier;
  }
  return factor;
}

// People already in the system at the start: in treatment, in services, and medically ready
// in acute beds waiting for a service. Their remaining times are a uniform fraction of a stay.
void CareSystem::set_up_initial_state(engine::LpContext& context) {
  engine::RandomStream& initial = initial_stream_;
  std::vector<double> group_rates;
  for (const auto& g : scenario_.groups) group_rates.push_back(g.admissions_per_day);
  double total = 0;
  for (double r : group_rates) total += r;
  for (double& r : group_rates) r = total > 0 ? r / total : 1.0 / static_cast<double>(group_rates.size());
  for (int i = 0; i < scenario_.acute.initially_occupied; ++i) {
    const auto g = draw_index(group_rates.data(), group_rates.size(), initial);
    const auto& group = scenario_.groups[g];
    const auto locality = draw_index(group.locality_shares.data(), group.locality_shares.size(), initial);
    const auto pathway = draw_index(group.pathway_shares.data(), group.pathway_shares.size(), initial);
    const PatientId p = patients_.add(static_cast<std::uint16_t>(g), static_cast<std::uint16_t>(locality),
                                      static_cast<std::uint8_t>(pathway), 0);
    ++beds_in_use_;
    patients_.place[p] = Outcome::in_acute;
    patients_.admitted[p] = 0;
    const Tick remaining =
        engine::ticks_from_days(initial.uniform01() * sample_length_biased_days(group.stay, acute_stay_stream_));
    patients_.ready[p] = remaining;
    context.schedule_at(remaining, kReady, p, kProcessPriority);
  }
  for (std::size_t s = 0; s < scenario_.services.size(); ++s) {
    const auto& spec = scenario_.services[s];
    const auto locality = static_cast<std::uint16_t>(spec.locality.value_or(0));
    const auto pathway = static_cast<std::uint8_t>(spec.pathway);
    for (int i = 0; i < spec.initially_occupied; ++i) {
      const PatientId p = patients_.add(0, locality, pathway, 0);
      patients_.place[p] = Outcome::in_community;
      patients_.service[p] = static_cast<std::int16_t>(s);
      patients_.left_acute[p] = 0;  // counted as starting the service now
      commit_place(s);
      ++services_[s].occupied;
      const Tick stay = engine::ticks_from_days(initial.uniform01() *
                                                sample_length_biased_days(spec.stay, service_stay_stream_));
      context.schedule_at(stay, kServiceEnd, p, kFreePriority);
      start_visits(p, s, stay, context);
    }
    for (int i = 0; i < spec.initially_waiting; ++i) {
      const PatientId p = patients_.add(0, locality, pathway, 0);
      patients_.place[p] = Outcome::in_acute;
      patients_.admitted[p] = 0;
      patients_.ready[p] = 0;
      patients_.ready_flag[p] = 1;
      patients_.prepared_flag[p] = 1;
      ++beds_in_use_;
      ++ready_in_acute_;
      seek_place(p, context);
    }
  }
}

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

void CareSystem::handle(const engine::Event& event, engine::LpContext& context) {
  now_ = context.now();
  // Days are recorded lazily, before the first event at or after their end: no event needed.
  if (options_.keep_daily_series && now_ >= next_day_end_) record_days_until(now_);
  const auto patient = static_cast<PatientId>(event.payload & 0xffffffffULL);
  switch (event.kind) {
    case kArrival: arrive(static_cast<std::uint32_t>(event.payload), context); break;
    case kReady: become_ready(patient, context); break;
    case kPlanningStart:
      if (of_episode(event.payload, patients_.episodes[patient])) start_planning(patient, context);
      break;
    case kReserve:
      if (of_episode(event.payload, patients_.episodes[patient])) reserve_place(patient);
      break;
    case kPrepared:
      if (of_episode(event.payload, patients_.episodes[patient])) finish_preparation(patient, context);
      break;
    case kDischarge: discharge_to_service(patient, context); break;
    case kServiceEnd: end_service(patient, context); break;
    case kDecondition:
      check_deconditioning(patient, static_cast<std::uint32_t>(event.payload >> 32), context);
      break;
    case kDayEnd: close_day(context); break;
    case kCapacity: change_capacity(event.payload, context); break;
    case kReadmission: readmit(patient, context); break;
    case kTaper: taper(event.payload, context); break;
    case kLeaveHome:
      patients_.place[patient] = Outcome::home;
      leave_acute(patient, context);
      break;
    case kWarmupEnd:
      start_measuring(context.now());
      context.schedule(kTicksPerDay, kDayEnd, 0, kBookkeepingPriority);
      break;
    default: throw std::logic_error("care system: unknown event kind");
  }
  set_levels(context.now());
  if (options_.keep_event_log) log_event(event);
  if (options_.after_event) options_.after_event(*this);
}

std::size_t CareSystem::draw_index(const double* shares, std::size_t n,
                                   engine::RandomStream& stream) {
  for (std::size_t i = 0; i < n; ++i) {
    if (shares[i] == 1.0) return i;  // a certain answer needs no draw
  }
  double u = stream.uniform01();
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (u < shares[i]) return i;
    u -= shares[i];
  }
  // Rounding can leave u just above the last share: the last index with a share takes it.
  for (std::size_t i = n; i-- > 0;) {
    if (shares[i] > 0) return i;
  }
  return n - 1;
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

void CareSystem::request_bed(PatientId patient, engine::LpContext& context) {
  if (beds_in_use_ < bed_capacity_) {
    admit(patient, context);
  } else if (scenario_.acute.turn_away_when_full) {
    patients_.place[patient] = Outcome::turned_away;
  } else {
    admission_queue_.push(patient);
  }
}

void CareSystem::admit(PatientId patient, engine::LpContext& context) {
  ++beds_in_use_;
  patients_.place[patient] = Outcome::in_acute;
  patients_.admitted[patient] = context.now();
  const auto& group = scenario_.groups[patients_.group[patient]];
  const double multiplier = scenario_.frailty.stay_multiplier[patients_.frailty[patient]];
  const Tick stay = engine::ticks_from_days(multiplier * sample_days(group.stay, acute_stay_stream_));
  patients_.ready[patient] = context.now() + stay;  // the true ready date; reached at kReady
  context.schedule(stay, kReady, patient, kProcessPriority);
  const bool needs_service = static_cast<Pathway>(patients_.pathway[patient]) != Pathway::P0;
  if (needs_service && scenario_.levers.planning_start) {
    context.schedule(engine::ticks_from_days(scenario_.levers.edd_set_after_days), kPlanningStart,
                     for_episode(patient, patients_.episodes[patient]), kProcessPriority);
  }
}

// When referral, assessments and brokerage started at `start` are done.
Tick CareSystem::preparation_time(Tick start) const {
  const auto& d = scenario_.discharge;
  Tick t = start + engine::ticks_from_days(d.referral_lag_days);
  if (!scenario_.levers.discharge_to_assess) t += engine::ticks_from_days(d.assessment_days);
  if (!scenario_.levers.trusted_assessor) t = add_working_days(t, d.provider_assessment_days);
  return t + engine::ticks_from_days(d.brokerage_days);
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
  const Tick prepared = preparation_time(context.now());
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
  const std::size_t service = free_service_in_pool(patient);
  if (service == kNoService) return;  // no room now: the patient queues when able to leave
  commit_place(service);
  patients_.service[patient] = static_cast<std::int16_t>(service);
}

void CareSystem::become_ready(PatientId patient, engine::LpContext& context) {
  patients_.ready_flag[patient] = 1;
  if (static_cast<Pathway>(patients_.pathway[patient]) == Pathway::P0) {
    const Tick leave = within_discharge_hours(context.now());
    if (leave == context.now()) {
      patients_.place[patient] = Outcome::home;
      leave_acute(patient, context);
    } else {
      context.schedule_at(leave, kLeaveHome, patient, kMovePriority);
    }
    return;
  }
  ++ready_in_acute_;
  if (!patients_.planned_flag[patient]) {
    // Push (or ready before planning could start): the discharge process starts now.
    decide_home_first(patient);
    const Tick prepared = preparation_time(context.now());
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

// The patient can leave: take the reserved place, a free place, or join the pool's queue.
void CareSystem::seek_place(PatientId patient, engine::LpContext& context) {
  if (patients_.service[patient] != kNone) {
    context.schedule_at(discharge_slot(context.now()), kDischarge, patient, kMovePriority);
    return;
  }
  const std::size_t service = free_service_in_pool(patient);
  if (service != kNoService) {
    allocate(patient, service, context);
    return;
  }
  const auto pathway = static_cast<Pathway>(patients_.pathway[patient]);
  auto& pool = pools_[services_[scenario_.service_for(pathway, patients_.locality[patient])].pool];
  const std::uint32_t ticket = ++patients_.ticket[patient];
  pool.queue.push({patient, ticket});
  ++pool.waiting;
  if (scenario_.discharge.deconditioning_per_day > 0) {
    context.schedule(kTicksPerDay, kDecondition, pack(patient, ticket), kProcessPriority);
  }
}

void CareSystem::allocate(PatientId patient, std::size_t service, engine::LpContext& context) {
  commit_place(service);
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
  const auto service = static_cast<std::size_t>(patients_.service[patient]);
  auto& state = services_[service];
  ++state.occupied;
  patients_.place[patient] = Outcome::in_community;
  leave_acute(patient, context);
  double stay = sample_days(scenario_.services[service].stay, service_stay_stream_);
  if (scenario_.levers.discharge_to_assess) stay += scenario_.discharge.assessment_days;
  const Tick length = engine::ticks_from_days(stay);
  context.schedule(length, kServiceEnd, patient, kFreePriority);
  start_visits(patient, service, length, context);
}

void CareSystem::leave_acute(PatientId patient, engine::LpContext& context) {
  --beds_in_use_;
  patients_.left_acute[patient] = context.now();
  if (static_cast<Pathway>(patients_.pathway[patient]) != Pathway::P0) --ready_in_acute_;
  if (beds_in_use_ < bed_capacity_ && !admission_queue_.empty()) admit(admission_queue_.pop(), context);
}

void CareSystem::end_service(PatientId patient, engine::LpContext& context) {
  const auto service = static_cast<std::size_t>(patients_.service[patient]);
  auto& state = services_[service];
  --state.occupied;
  --state.committed;
  if (state.visits) {
    // The last taper applied was for the last week that began before the end of the stay.
    const Tick elapsed = context.now() - patients_.left_acute[patient];
    const auto week = elapsed > 0 ? static_cast<std::size_t>((elapsed - 1) / kWeek) : 0;
    const double visits = visits_in_week(service, week);
    state.visits_committed -= visits;
    state.visits_in_use -= visits;
  }
  patients_.service[patient] = kNone;
  patients_.left_service[patient] = context.now();
  const auto& shares = scenario_.services[service].outcomes;
  const auto outcome = static_cast<scenario::ServiceOutcome>(
      draw_index(shares.data(), shares.size(), outcome_stream_));
  const bool measured = context.now() >= warmup_end_;
  if (measured) ++service_outcomes_[static_cast<std::size_t>(outcome)];
  // Reablement (P1) leavers still at home 91 days on: home, with or without a care package,
  // and not readmitted within 91 days.
  const bool reablement = scenario_.services[service].pathway == Pathway::P1;
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

// A new episode for the same person: back through admission, with a new pathway decision.
void CareSystem::readmit(PatientId patient, engine::LpContext& context) {
  const auto& group = scenario_.groups[patients_.group[patient]];
  patients_.pathway[patient] = static_cast<std::uint8_t>(
      draw_index(group.pathway_shares.data(), group.pathway_shares.size(), attribute_stream_));
  patients_.place[patient] = Outcome::waiting_admission;
  patients_.ready_flag[patient] = 0;
  patients_.planned_flag[patient] = 0;
  patients_.prepared_flag[patient] = 0;
  patients_.ticket[patient] = 0;
  patients_.arrival[patient] = context.now();
  patients_.admitted[patient] = -1;
  patients_.ready[patient] = -1;
  patients_.left_acute[patient] = -1;
  patients_.left_service[patient] = -1;
  ++patients_.episodes[patient];
  request_bed(patient, context);
}

void CareSystem::check_deconditioning(PatientId patient, std::uint32_t ticket,
                                      engine::LpContext& context) {
  if (patients_.ticket[patient] != ticket) return;  // placed, or moved to another queue
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

void CareSystem::set_levels(Tick now) {
  beds_.set(now, beds_in_use_);
  nctr_.set(now, static_cast<double>(ready_in_acute_));
  admission_queue_length_.set(now, static_cast<double>(admission_queue_.size()));
  for (auto& s : services_) {
    s.occupancy.set(now, s.occupied);
    s.idle_reserved.set(now, s.committed - s.occupied);
    if (s.visits) s.visit_load.set(now, s.visits_in_use);
  }
  for (auto& p : pools_) p.queue_length.set(now, static_cast<double>(p.waiting));
}

void CareSystem::start_measuring(Tick now) {
  set_levels(now);
  beds_.restart(now);
  nctr_.restart(now);
  admission_queue_length_.restart(now);
  for (auto& s : services_) {
    s.occupancy.restart(now);
    s.idle_reserved.restart(now);
    s.visit_load.restart(now);
  }
  for (auto& p : pools_) p.queue_length.restart(now);
  bed_area_at_day_start_ = 0;
  stepped_up_ = 0;
  moved_home_first_ = 0;
  service_outcomes_.fill(0);
  readmitted_within_30_days_ = 0;
  reablement_leavers_ = 0;
  reablement_home_at_91_days_ = 0;
}

void CareSystem::close_day(engine::LpContext& context) {
  const Tick now = context.now();
  beds_.set(now, beds_in_use_);
  const double area = beds_.area(now);
  const double mean_beds = (area - bed_area_at_day_start_) / static_cast<double>(kTicksPerDay);
  bed_area_at_day_start_ = area;
  const double occupancy = scenario_.acute.beds > 0 ? mean_beds / scenario_.acute.beds : 0.0;
  ++measured_days_;
  if (occupancy > 0.92) ++days_above_92_;
  if (occupancy > 0.95) ++days_above_95_;
  context.schedule(kTicksPerDay, kDayEnd, 0, kBookkeepingPriority);
}

Census CareSystem::census() const {
  Census c;
  c.arrived = patients_.size();
  for (std::size_t p = 0; p < patients_.size(); ++p) {
    switch (patients_.place[p]) {
      case Outcome::waiting_admission: ++c.waiting_admission; break;
      case Outcome::in_acute: ++c.in_acute; break;
      case Outcome::in_community: ++c.in_community; break;
      case Outcome::home: ++c.home; break;
      case Outcome::long_term_care: ++c.long_term_care; break;
      case Outcome::care_home: ++c.care_home; break;
      case Outcome::dead: ++c.dead; break;
      case Outcome::turned_away: ++c.turned_away; break;
    }
  }
  return c;
}

bool CareSystem::pathway_used(std::size_t pathway) const {
  for (const auto& g : scenario_.groups) {
    if (g.admissions_per_day > 0 && g.pathway_shares[pathway] > 0) return true;
  }
  const bool steps_up = scenario_.discharge.deconditioning_per_day > 0 && pathway >= 2;
  return steps_up && pathway_used(pathway - 1);
}

namespace {

constexpr std::array<const char*, 14> kKindNames{
    "arrival", "medically ready", "planning start", "reserve place", "discharge prepared",
    "discharge to service", "service end", "deconditioning check", "day end", "warm-up end",
    "capacity change", "readmission", "leave home", "visits taper"};
static_assert(kKindNames.size() == kTaper + 1, "a name for every event kind");

bool is_patient_event(engine::EventKind kind) {
  return kind != kArrival && kind != kDayEnd && kind != kWarmupEnd && kind != kCapacity;
}

}  // namespace

void CareSystem::log_event(const engine::Event& event) {
  std::int64_t patient = -1;
  if (event.kind == kArrival) {
    patient = static_cast<std::int64_t>(patients_.size()) - 1;  // the patient who just arrived
  } else if (is_patient_event(event.kind)) {
    patient = static_cast<std::int64_t>(event.payload & 0xffffffffULL);
  }
  event_log_.time.push_back(event.time);
  event_log_.kind.push_back(static_cast<std::uint8_t>(event.kind));
  event_log_.patient.push_back(patient);
  event_log_.place.push_back(patient >= 0 ? patients_.place[static_cast<std::size_t>(patient)]
                                          : Outcome::waiting_admission);
}

// Daily means from each level's area since time 0: the levels in a fixed order, the same as
// the columns they fill (see the loop below).
void CareSystem::record_days_until(Tick now) {
  if (daily_area_.empty()) {
    daily_.units.push_back("acute");
    for (const auto& spec : scenario_.services) daily_.units.push_back(spec.name);
    if (scenario_.levers.transfer_of_care_hub) {
      for (const auto& pool : pools_) daily_.units.push_back(pool.name);
    }
    daily_area_.assign(3 + 2 * services_.size() + pools_.size(), 0.0);
  }
  constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();
  const bool hub = scenario_.levers.transfer_of_care_hub;
  const double day_ticks = static_cast<double>(kTicksPerDay);
  std::vector<double> service_occupied(services_.size()), service_idle(services_.size()),
      pool_queue(pools_.size());
  while (next_day_end_ <= now) {
    const Tick t = next_day_end_;
    std::size_t level = 0;
    auto daily_mean = [&](const TimeAverage& average) {
      const double total = average.total_area(t);
      const double mean = (total - daily_area_[level]) / day_ticks;
      daily_area_[level++] = total;
      return mean;
    };
    const auto day = static_cast<std::uint32_t>(t / kTicksPerDay - 1);
    auto add_row = [&](std::size_t unit, double occupied, double capacity, double queue,
                       double nctr, double reserved_idle) {
      daily_.day.push_back(day);
      daily_.unit.push_back(static_cast<std::uint16_t>(unit));
      daily_.occupied.push_back(occupied);
      daily_.capacity.push_back(capacity);
      daily_.queue.push_back(queue);
      daily_.nctr.push_back(nctr);
      daily_.reserved_idle.push_back(reserved_idle);
    };
    const double beds = daily_mean(beds_);
    const double admission_queue = daily_mean(admission_queue_length_);
    const double nctr = daily_mean(nctr_);
    add_row(0, beds, bed_capacity_, admission_queue, nctr, kNotApplicable);
    for (std::size_t s = 0; s < services_.size(); ++s) {
      service_occupied[s] = daily_mean(services_[s].occupancy);
      service_idle[s] = daily_mean(services_[s].idle_reserved);
    }
    for (std::size_t p = 0; p < pools_.size(); ++p) pool_queue[p] = daily_mean(pools_[p].queue_length);
    for (std::size_t s = 0; s < services_.size(); ++s) {
      add_row(1 + s, service_occupied[s], services_[s].capacity, hub ? kNotApplicable : pool_queue[services_[s].pool],
              kNotApplicable, service_idle[s]);
    }
    if (hub) {
      for (std::size_t p = 0; p < pools_.size(); ++p) {
        double in_pool = 0, capacity = 0, idle_in_pool = 0;
        for (std::size_t s : pools_[p].services) {
          in_pool += service_occupied[s];
          capacity += services_[s].capacity;
          idle_in_pool += service_idle[s];
        }
        add_row(1 + services_.size() + p, in_pool, capacity, pool_queue[p], kNotApplicable, idle_in_pool);
      }
    }
    next_day_end_ += kTicksPerDay;
  }
}

ReplicationResult CareSystem::finish(Tick end) {
  if (options_.keep_daily_series) record_days_until(end);
  ReplicationResult r;
  r.census = census();
  const double days = engine::days_from_ticks(end - warmup_end_);
  auto add = [&](std::string name, std::string unit, double value) {
    r.measures.push_back({std::move(name), std::move(unit), value});
  };
  auto share = [](std::uint64_t part, std::uint64_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
  };

  std::uint64_t arrivals = 0, turned_away = 0, admitted = 0, over_12h = 0, needing_service = 0;
  double wait_hours = 0;
  std::array<std::vector<double>, scenario::kPathways> delays;
  for (std::size_t p = 0; p < patients_.size(); ++p) {
    if (patients_.arrival[p] >= warmup_end_) {
      ++arrivals;
      if (patients_.place[p] == Outcome::turned_away) ++turned_away;
      if (patients_.admitted[p] >= 0) {
        ++admitted;
        const double hours =
            static_cast<double>(patients_.admitted[p] - patients_.arrival[p]) * kHoursPerTick;
        wait_hours += hours;
        if (hours > 12.0) ++over_12h;
      }
    }
    if (patients_.ready_flag[p] && patients_.ready[p] >= warmup_end_ && patients_.left_acute[p] >= 0) {
      delays[patients_.pathway[p]].push_back(
          engine::days_from_ticks(patients_.left_acute[p] - patients_.ready[p]));
      if (patients_.pathway[p] != 0) ++needing_service;
    }
  }
  const double beds = scenario_.acute.beds;
  add("admissions per day", "patients/day", static_cast<double>(arrivals) / days);
  add("turned away", "share", share(turned_away, arrivals));
  add("acute occupancy", "share", beds > 0 ? beds_.mean(end) / beds : 0.0);
  add("days above 92% occupancy", "share", share(days_above_92_, measured_days_));
  add("days above 95% occupancy", "share", share(days_above_95_, measured_days_));
  add("ED wait", "hours", admitted ? wait_hours / static_cast<double>(admitted) : 0.0);
  add("ED waits over 12 hours", "share", share(over_12h, admitted));
  add("admission queue", "patients", admission_queue_length_.mean(end));
  add("NCTR patients in acute beds", "patients", nctr_.mean(end));

  std::vector<double> all_delays;
  double delay_total = 0;
  for (std::size_t p = 1; p < scenario::kPathways; ++p) {
    for (double d : delays[p]) {
      all_delays.push_back(d);
      delay_total += d;
    }
  }
  add("delay days", "days", all_delays.empty() ? 0.0 : delay_total / static_cast<double>(all_delays.size()));
  for (std::size_t p = 1; p < scenario::kPathways; ++p) {
    if (!pathway_used(p)) continue;  // the same list for every replication of a scenario
    const std::string name = std::string("delay days ") + scenario::kPathwayNames[p];
    auto& d = delays[p];
    double sum = 0;
    for (double x : d) sum += x;
    add(name + " mean", "days", d.empty() ? 0.0 : sum / static_cast<double>(d.size()));
    add(name + " median", "days", d.empty() ? 0.0 : stats::quantile(d, 0.5));
    add(name + " p90", "days", d.empty() ? 0.0 : stats::quantile(d, 0.9));
    add(name + " p95", "days", d.empty() ? 0.0 : stats::quantile(d, 0.95));
  }
  add("excess bed days per day", "bed days/day", delay_total / days);
  if (scenario_.discharge.deconditioning_per_day > 0) {
    add("stepped up by deconditioning", "share", share(stepped_up_, needing_service));
  }
  if (scenario_.levers.home_first) {
    add("moved to P1 by home first", "patients/day", static_cast<double>(moved_home_first_) / days);
  }

  std::uint64_t leavers = 0;
  for (auto n : service_outcomes_) leavers += n;
  const std::array<const char*, scenario::kServiceOutcomes> outcome_labels{
      "after service: home", "after service: long-term care", "after service: care home",
      "after service: readmitted", "after service: died"};
  for (std::size_t o = 0; o < scenario::kServiceOutcomes; ++o) {
    add(outcome_labels[o], "share", share(service_outcomes_[o], leavers));
  }
  add("readmitted within 30 days of service", "share", share(readmitted_within_30_days_, leavers));
  if (pathway_used(1)) {
    add("at home 91 days after reablement", "share",
        share(reablement_home_at_91_days_, reablement_leavers_));
  }

  const double day_ticks = static_cast<double>(kTicksPerDay);
  const double bed_days = beds_.area(end) / day_ticks;
  const double delayed_bed_days = nctr_.area(end) / day_ticks;
  double cost = (bed_days - delayed_bed_days) * scenario_.costs.acute_bed_day +
                delayed_bed_days * scenario_.costs.delayed_bed_day;
  double idle_cost = 0;
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const auto& spec = scenario_.services[s];
    const auto& state = services_[s];
    const double day_cost = scenario_.costs.community_day[static_cast<std::size_t>(spec.pathway)];
    const double in_use = state.visits ? state.visit_load.mean(end) : state.occupancy.mean(end);
    add("utilisation " + spec.name, "share", spec.capacity > 0 ? in_use / spec.capacity : 0.0);
    if (state.visits) add("people supported " + spec.name, "people", state.occupancy.mean(end));
    if (scenario_.levers.capacity_reservation) {
      add("held idle " + spec.name, "places", state.idle_reserved.mean(end));
    }
    cost += state.occupancy.area(end) / day_ticks * day_cost;
    idle_cost += state.idle_reserved.area(end) / day_ticks * day_cost;
  }
  for (const auto& pool : pools_) add("queue " + pool.name, "patients", pool.queue_length.mean(end));
  add("cost of idle held places per day", "GBP/day", idle_cost / days);
  add("cost per day", "GBP/day", (cost + idle_cost) / days);

  if (options_.keep_patient_records) {
    // The run is over: hand the columns over whole rather than copy them. A ready date not yet
    // reached is the model's plan, not a record.
    patients_.resize_columns(patients_.size());  // drop the spare rows
    for (std::size_t p = 0; p < patients_.size(); ++p) {
      if (!patients_.ready_flag[p]) patients_.ready[p] = -1;
    }
    auto& t = r.patients;
    t.group = std::move(patients_.group);
    t.locality = std::move(patients_.locality);
    t.pathway = std::move(patients_.pathway);
    t.frailty = std::move(patients_.frailty);
    t.outcome = std::move(patients_.place);
    t.arrival = std::move(patients_.arrival);
    t.admitted = std::move(patients_.admitted);
    t.ready = std::move(patients_.ready);
    t.left_acute = std::move(patients_.left_acute);
    t.left_service = std::move(patients_.left_service);
    t.episodes = std::move(patients_.episodes);
  }
  if (options_.keep_daily_series) r.daily = std::move(daily_);
  if (options_.keep_event_log) {
    r.event_log = std::move(event_log_);
    r.event_log.kinds.assign(kKindNames.begin(), kKindNames.end());
  }
  return r;
}


}  // namespace careflow::model
