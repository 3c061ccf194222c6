#include "model/care_system.hpp"

// The care system as a logical process: its patients' columns, its construction, and the dispatch of
// every event to the part of the model that handles it.

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <limits>
#include <stdexcept>

#include "model/care_system_internals.hpp"
#include "model/arrival_profile.hpp"
#include "model/duration_sampler.hpp"
#include "stats/summary.hpp"

namespace careflow::model {

using namespace care_system_detail;

CareSystem::PatientId CareSystem::Patients::add(std::uint16_t g, std::uint16_t l, std::uint8_t p,
                                                Tick now) {
  if (count == group.size()) resize_columns(std::max<std::size_t>(64, count + count / 2));
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
  next_service[i] = kNone;
  service_start[i] = -1;
  ticket[i] = 0;
  arrival[i] = now;
  admitted[i] = -1;
  ready[i] = -1;
  left_acute[i] = -1;
  left_service[i] = -1;
  episodes[i] = 1;
  package_hours[i] = -1.0F;
  stepped_up_from_home[i] = 0;
  route[i] = 0;
  person[i] = kNoPerson;
  elsewhere[i] = 0;
  remote_id[i] = 0;
  aid_guest[i] = 0;
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
  next_service.resize(n);
  service_start.resize(n);
  ticket.resize(n);
  arrival.resize(n);
  admitted.resize(n);
  ready.resize(n);
  left_acute.resize(n);
  left_service.resize(n);
  episodes.resize(n);
  package_hours.resize(n);
  stepped_up_from_home.resize(n);
  route.resize(n);
  person.resize(n);
  elsewhere.resize(n);
  remote_id.resize(n);
  aid_guest.resize(n);
}

CareSystem::CareSystem(const scenario::Scenario& scenario, std::uint64_t replication,
                       ModelOptions options, std::uint32_t stream_lp)
    : scenario_(scenario),
      options_(std::move(options)),
      replication_(replication),
      stream_lp_(stream_lp),
      warmup_end_(engine::ticks_from_days(scenario.run.warmup_days)),
      run_end_(warmup_end_ + engine::ticks_from_days(scenario.run.days)),
      attribute_stream_({.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kAttributes}),
      acute_stay_stream_({.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kAcuteStay}),
      service_stay_stream_(
          {.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kServiceStay}),
      discharge_stream_(
          {.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kDischargeProcess}),
      deconditioning_stream_(
          {.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kDeconditioning}),
      outcome_stream_({.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kOutcomes}),
      initial_stream_({.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kInitialState}),
      package_stream_({.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kPackageSizes}),
      crossing_stream_({.seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kCrossingStreams}) {
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    arrival_streams_.emplace_back(engine::StreamId{
        .seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kArrivals, .substream = g});
  }
  for (std::size_t s = 0; s < scenario.services.size(); ++s) {
    step_up_streams_.emplace_back(engine::StreamId{
        .seed = scenario.run.seed, .replication = replication, .lp = stream_lp, .purpose = kStepUps, .substream = s});
  }
  acute_.resize(scenario.acute_units.size());
  for (std::size_t k = 0; k < acute_.size(); ++k) acute_[k].capacity = scenario.acute_units[k].beds;
  first_discharge_tick_ = engine::ticks_from_hours(scenario.discharge.first_hour);
  last_discharge_tick_ = engine::ticks_from_hours(scenario.discharge.last_hour);
  // Room for the expected arrivals (and a margin), so that the columns rarely move.
  double expected = scenario.acute_patients_at_start();
  for (const auto& g : scenario.groups) {
    expected += g.admissions_per_day * (scenario.run.days + scenario.run.warmup_days);
  }
  for (const auto& service : scenario.services) {
    expected += service.initially_occupied + service.initially_waiting +
                service.step_up_per_day * (scenario.run.days + scenario.run.warmup_days);
  }
  // Patients of two care systems: visitors admitted here, and proxies for our residents
  // admitted elsewhere who need a service of ours (about one in ten).
  expected += (scenario.crossing_admissions_in_per_year +
               0.1 * scenario.crossings.share * (scenario.population ? scenario.population->admissions_per_year : 0)) *
              (scenario.run.days + scenario.run.warmup_days) / 365.0;
  // (At most 16 million rows up front: a larger run grows its columns as it goes.)
  patients_.resize_columns(static_cast<std::size_t>(std::min(expected * 1.05, 16e6)) + 64);
  arrival_peak_ = arrival_peak(scenario.arrivals);
  services_.resize(scenario.services.size());
  aid_held_.assign(scenario.services.size(), 0);
  for (std::size_t s = 0; s < services_.size(); ++s) {
    services_[s].capacity = scenario.services[s].capacity;
    if (!scenario.services[s].visits_per_day.empty()) {
      services_[s].counts = ServiceState::Counts::visits;
      services_[s].visits = &scenario.services[s].visits_per_day;
    } else if (scenario.services[s].package_hours) {
      services_[s].counts = ServiceState::Counts::hours;
    }
    if (!scenario.services[s].brokerage_curve.empty()) any_brokerage_curve_ = true;
    // The units this one's leavers move on to, for any group, in order of first mention.
    auto& targets = services_[s].route_targets;
    auto add_targets = [&](const std::vector<std::pair<std::size_t, double>>& routes) {
      for (const auto& [to, share] : routes) {
        if (std::find(targets.begin(), targets.end(), to) == targets.end()) targets.push_back(to);
      }
    };
    add_targets(scenario.services[s].next);
    for (const auto& group : scenario.services[s].by_group) add_targets(group.next);
    if (targets.size() > 1) {
      services_[s].moving_on_by_route.assign(targets.size(), 0);
      services_[s].moving_on_by_route_level.resize(targets.size());
    }
    const auto pathway = static_cast<std::size_t>(scenario.services[s].pathway);
    if (scenario.levers.transfer_of_care_hub && scenario.services[s].from_hospital) {
      // One pool per pathway, in order of each pathway's first service (a unit the acute unit
      // does not send to keeps its own).
      std::size_t pool = pools_.size();
      for (std::size_t existing = 0; existing < s; ++existing) {
        if (scenario.services[existing].from_hospital &&
            scenario.services[existing].pathway == scenario.services[s].pathway) {
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
  // The residents are made here rather than in the constructor: the engine initializes its LPs
  // in parallel, and a large population takes a while to build.
  if (scenario_.population) set_up_population(replication_, stream_lp_);
  if (!population_) {
    for (std::uint32_t g = 0; g < scenario_.groups.size(); ++g) {
      if (scenario_.groups[g].admissions_per_day > 0) schedule_next_arrival(g, context);
    }
  }
  context.schedule(warmup_end_, kWarmupEnd, 0, kBookkeepingPriority);
  if (!scenario_.aid_neighbours.empty()) context.schedule_at(kAidRoundHour, kAidRound, 0, kProcessPriority);
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
  for (std::size_t k = 0; k < scenario_.acute_units.size(); ++k) {
    schedule_changes(kAcuteUnit - k, scenario_.acute_units[k].changes);
  }
  for (std::size_t s = 0; s < scenario_.services.size(); ++s) {
    schedule_changes(s, scenario_.services[s].changes);
    if (scenario_.services[s].step_up_per_day > 0) schedule_next_step_up(s, context);
  }
  set_up_initial_state(context);
  if (population_) {
    calibrate_population();
    population_->start(context);
  }
}

void CareSystem::handle(const engine::Event& event, engine::LpContext& context) {
  now_ = context.now();
  // Days are recorded lazily, before the first event at or after their end: no event needed.
  if (options_.keep_daily_series && now_ >= next_day_end_) record_days_until(now_);
  if (population_ && population_->owns(event.kind)) {
    const PersonId person = population_->handle(event, context);
    if (person == kNoPerson) return;  // a birth, a death at home, a clock's rejected candidate...
    if (!admit_resident(person, context)) return;
    set_levels(context.now());
    if (options_.keep_event_log) log_event(engine::Event{event.time, event.order, event.target, kArrival, 0});
    if (options_.after_event) options_.after_event(*this);
    return;
  }
  if ((event.kind & kKindMask) >= kCrossAdmit && (event.kind & kKindMask) < kAfterCrossKinds) {
    handle_crossing(event, context);
    set_levels(context.now());
    if (options_.after_event) options_.after_event(*this);
    return;
  }
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
    case kTransfer: transfer(patient, context); break;
    case kStepUp: refer_from_home(static_cast<std::size_t>(event.payload), context); break;
    case kStartFromHome: start_from_home(patient, context); break;
    case kAidRound: ask_for_aid(context); break;
    case kLeaveHome:
      patients_.place[patient] = Outcome::home;
      leave_acute(patient, context);
      release_resident(patient, true, context);
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

bool CareSystem::is_hub(const Pool& pool) const {
  return scenario_.levers.transfer_of_care_hub && scenario_.services[pool.services.front()].from_hospital;
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
      case Outcome::waiting_at_home: ++c.waiting_at_home; break;
      case Outcome::moved_to_home_system: ++c.moved_to_home_system; break;
      case Outcome::moved_to_neighbour: ++c.moved_to_neighbour; break;
    }
  }
  return c;
}

}  // namespace careflow::model
