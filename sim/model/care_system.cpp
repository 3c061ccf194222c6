#include "model/care_system.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <stdexcept>

#include "model/duration_sampler.hpp"
#include "stats/summary.hpp"

namespace careflow::model {
namespace {

using engine::Tick;
using scenario::Pathway;

enum Kind : engine::EventKind { kArrival, kReady, kServiceEnd, kDayEnd, kWarmupEnd };
// At one instant: places free up before patients ask for them, then days are closed.
constexpr engine::Priority kServiceEndPriority = 0;
constexpr engine::Priority kReadyPriority = 1;
constexpr engine::Priority kArrivalPriority = 2;
constexpr engine::Priority kBookkeepingPriority = 3;

enum Purpose : std::uint32_t { kArrivals, kAttributes, kAcuteStay, kServiceStay };

constexpr double kHoursPerTick = 1.0 / static_cast<double>(engine::kTicksPerHour);

}  // namespace

CareSystem::PatientId CareSystem::Patients::add(std::uint16_t g, std::uint16_t l, std::uint8_t p,
                                                Tick now) {
  group.push_back(g);
  locality.push_back(l);
  pathway.push_back(p);
  place.push_back(Outcome::waiting_admission);
  arrival.push_back(now);
  admitted.push_back(-1);
  ready.push_back(-1);
  left_acute.push_back(-1);
  left_service.push_back(-1);
  return static_cast<PatientId>(group.size() - 1);
}

CareSystem::CareSystem(const scenario::Scenario& scenario, std::uint64_t replication,
                       ModelOptions options)
    : scenario_(scenario),
      options_(std::move(options)),
      warmup_end_(engine::ticks_from_days(scenario.run.warmup_days)),
      attribute_stream_({.seed = scenario.run.seed, .replication = replication, .purpose = kAttributes}),
      acute_stay_stream_({.seed = scenario.run.seed, .replication = replication, .purpose = kAcuteStay}),
      service_stay_stream_(
          {.seed = scenario.run.seed, .replication = replication, .purpose = kServiceStay}) {
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    arrival_streams_.emplace_back(engine::StreamId{
        .seed = scenario.run.seed, .replication = replication, .purpose = kArrivals, .substream = g});
  }
  services_.resize(scenario.services.size());
  for (std::size_t s = 0; s < services_.size(); ++s) {
    services_[s].capacity = scenario.services[s].capacity;
  }
}

void CareSystem::initialize(engine::LpContext& context) {
  for (std::uint32_t g = 0; g < scenario_.groups.size(); ++g) {
    const double rate = scenario_.groups[g].admissions_per_day;
    if (rate <= 0) continue;
    const double gap = boost::random::exponential_distribution<double>(rate)(arrival_streams_[g]);
    context.schedule(engine::ticks_from_days(gap), kArrival, g, kArrivalPriority);
  }
  context.schedule(warmup_end_, kWarmupEnd, 0, kBookkeepingPriority);
}

void CareSystem::handle(const engine::Event& event, engine::LpContext& context) {
  now_ = context.now();
  switch (event.kind) {
    case kArrival: arrive(static_cast<std::uint32_t>(event.payload), context); break;
    case kReady: become_ready(static_cast<PatientId>(event.payload), context); break;
    case kServiceEnd: end_service(static_cast<PatientId>(event.payload), context); break;
    case kDayEnd: close_day(context); break;
    case kWarmupEnd:
      start_measuring(context.now());
      context.schedule(engine::kTicksPerDay, kDayEnd, 0, kBookkeepingPriority);
      break;
    default: throw std::logic_error("care system: unknown event kind");
  }
  set_levels(context.now());
  if (options_.after_event) options_.after_event(*this);
}

std::size_t CareSystem::draw_index(const double* shares, std::size_t n,
                                   engine::RandomStream& stream) {
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
  const double gap =
      boost::random::exponential_distribution<double>(g.admissions_per_day)(arrival_streams_[group]);
  context.schedule(engine::ticks_from_days(gap), kArrival, group, kArrivalPriority);

  const auto locality = draw_index(g.locality_shares.data(), g.locality_shares.size(), attribute_stream_);
  const auto pathway = draw_index(g.pathway_shares.data(), g.pathway_shares.size(), attribute_stream_);
  const PatientId patient =
      patients_.add(static_cast<std::uint16_t>(group), static_cast<std::uint16_t>(locality),
                    static_cast<std::uint8_t>(pathway), context.now());
  request_bed(patient, context);
}

void CareSystem::request_bed(PatientId patient, engine::LpContext& context) {
  if (beds_in_use_ < scenario_.acute.beds) {
    admit(patient, context);
  } else if (scenario_.acute.turn_away_when_full) {
    patients_.place[patient] = Outcome::turned_away;
    ++turned_away_;
  } else {
    admission_queue_.push(patient);
  }
}

void CareSystem::admit(PatientId patient, engine::LpContext& context) {
  ++beds_in_use_;
  patients_.place[patient] = Outcome::in_acute;
  patients_.admitted[patient] = context.now();
  const auto& group = scenario_.groups[patients_.group[patient]];
  const double stay = sample_days(group.stay, acute_stay_stream_);
  context.schedule(engine::ticks_from_days(stay), kReady, patient, kReadyPriority);
}

void CareSystem::become_ready(PatientId patient, engine::LpContext& context) {
  patients_.ready[patient] = context.now();
  const auto pathway = static_cast<Pathway>(patients_.pathway[patient]);
  if (pathway == Pathway::P0) {
    patients_.place[patient] = Outcome::home;
    leave_acute(patient, context);
    return;
  }
  const std::size_t service = scenario_.service_for(pathway, patients_.locality[patient]);
  auto& state = services_[service];
  if (state.in_use < state.capacity) {
    start_service(patient, service, context);
  } else {
    state.queue.push(patient);  // blocking after service: the patient keeps the acute bed
    ++ready_in_acute_;
  }
}

void CareSystem::leave_acute(PatientId patient, engine::LpContext& context) {
  --beds_in_use_;
  patients_.left_acute[patient] = context.now();
  if (!admission_queue_.empty()) admit(admission_queue_.pop(), context);
}

void CareSystem::start_service(PatientId patient, std::size_t service, engine::LpContext& context) {
  auto& state = services_[service];
  ++state.in_use;
  patients_.place[patient] = Outcome::in_community;
  leave_acute(patient, context);
  const double stay = sample_days(scenario_.services[service].stay, service_stay_stream_);
  context.schedule(engine::ticks_from_days(stay), kServiceEnd, patient, kServiceEndPriority);
}

void CareSystem::end_service(PatientId patient, engine::LpContext& context) {
  const auto pathway = static_cast<Pathway>(patients_.pathway[patient]);
  const std::size_t service = scenario_.service_for(pathway, patients_.locality[patient]);
  auto& state = services_[service];
  --state.in_use;
  patients_.place[patient] = Outcome::home;
  patients_.left_service[patient] = context.now();
  if (!state.queue.empty()) {
    --ready_in_acute_;
    start_service(state.queue.pop(), service, context);
  }
}

void CareSystem::set_levels(Tick now) {
  beds_.set(now, beds_in_use_);
  nctr_.set(now, static_cast<double>(ready_in_acute_));
  admission_queue_length_.set(now, static_cast<double>(admission_queue_.size()));
  for (auto& s : services_) {
    s.occupancy.set(now, s.in_use);
    s.queue_length.set(now, static_cast<double>(s.queue.size()));
  }
}

void CareSystem::start_measuring(Tick now) {
  set_levels(now);
  beds_.restart(now);
  nctr_.restart(now);
  admission_queue_length_.restart(now);
  for (auto& s : services_) {
    s.occupancy.restart(now);
    s.queue_length.restart(now);
  }
  bed_area_at_day_start_ = 0;
}

void CareSystem::close_day(engine::LpContext& context) {
  const Tick now = context.now();
  beds_.set(now, beds_in_use_);
  const double area = beds_.area(now);
  const double mean_beds = (area - bed_area_at_day_start_) / static_cast<double>(engine::kTicksPerDay);
  bed_area_at_day_start_ = area;
  const double occupancy = scenario_.acute.beds > 0 ? mean_beds / scenario_.acute.beds : 0.0;
  ++measured_days_;
  if (occupancy > 0.92) ++days_above_92_;
  if (occupancy > 0.95) ++days_above_95_;
  context.schedule(engine::kTicksPerDay, kDayEnd, 0, kBookkeepingPriority);
}

Census CareSystem::census() const {
  Census c;
  c.arrived = patients_.size();
  for (const Outcome place : patients_.place) {
    switch (place) {
      case Outcome::waiting_admission: ++c.waiting_admission; break;
      case Outcome::in_acute: ++c.in_acute; break;
      case Outcome::in_community: ++c.in_community; break;
      case Outcome::home: ++c.home; break;
      case Outcome::turned_away: ++c.turned_away; break;
    }
  }
  return c;
}

bool CareSystem::pathway_used(std::size_t pathway) const {
  for (const auto& g : scenario_.groups) {
    if (g.admissions_per_day > 0 && g.pathway_shares[pathway] > 0) return true;
  }
  return false;
}

ReplicationResult CareSystem::finish(Tick end) const {
  ReplicationResult r;
  r.census = census();
  const double days = engine::days_from_ticks(end - warmup_end_);
  auto add = [&](std::string name, std::string unit, double value) {
    r.measures.push_back({std::move(name), std::move(unit), value});
  };

  std::uint64_t arrivals = 0, turned_away = 0, admitted = 0, over_12h = 0;
  double wait_hours = 0;
  std::array<std::vector<double>, scenario::kPathways> delays;
  for (std::size_t p = 0; p < patients_.size(); ++p) {
    if (patients_.arrival[p] >= warmup_end_) {
      ++arrivals;
      if (patients_.place[p] == Outcome::turned_away) ++turned_away;
      if (patients_.admitted[p] >= 0) {
        ++admitted;
        const double hours = static_cast<double>(patients_.admitted[p] - patients_.arrival[p]) * kHoursPerTick;
        wait_hours += hours;
        if (hours > 12.0) ++over_12h;
      }
    }
    if (patients_.ready[p] >= warmup_end_ && patients_.left_acute[p] >= 0) {
      delays[patients_.pathway[p]].push_back(
          engine::days_from_ticks(patients_.left_acute[p] - patients_.ready[p]));
    }
  }
  const double beds = scenario_.acute.beds;
  add("admissions per day", "patients/day", static_cast<double>(arrivals) / days);
  add("turned away", "share", arrivals ? static_cast<double>(turned_away) / static_cast<double>(arrivals) : 0.0);
  add("acute occupancy", "share", beds > 0 ? beds_.mean(end) / beds : 0.0);
  add("days above 92% occupancy", "share",
      measured_days_ ? static_cast<double>(days_above_92_) / static_cast<double>(measured_days_) : 0.0);
  add("days above 95% occupancy", "share",
      measured_days_ ? static_cast<double>(days_above_95_) / static_cast<double>(measured_days_) : 0.0);
  add("ED wait", "hours", admitted ? wait_hours / static_cast<double>(admitted) : 0.0);
  add("ED waits over 12 hours", "share",
      admitted ? static_cast<double>(over_12h) / static_cast<double>(admitted) : 0.0);
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

  const double bed_days = beds_.area(end) / static_cast<double>(engine::kTicksPerDay);
  const double delayed_bed_days = nctr_.area(end) / static_cast<double>(engine::kTicksPerDay);
  double cost = (bed_days - delayed_bed_days) * scenario_.costs.acute_bed_day +
                delayed_bed_days * scenario_.costs.delayed_bed_day;
  for (std::size_t s = 0; s < services_.size(); ++s) {
    const auto& spec = scenario_.services[s];
    const auto& state = services_[s];
    add("utilisation " + spec.name, "share",
        spec.capacity > 0 ? state.occupancy.mean(end) / spec.capacity : 0.0);
    add("queue " + spec.name, "patients", state.queue_length.mean(end));
    cost += state.occupancy.area(end) / static_cast<double>(engine::kTicksPerDay) *
            scenario_.costs.community_day[static_cast<std::size_t>(spec.pathway)];
  }
  add("cost per day", "GBP/day", cost / days);

  if (options_.keep_patient_records) {
    r.patients.reserve(patients_.size());
    for (std::size_t p = 0; p < patients_.size(); ++p) {
      r.patients.push_back({patients_.group[p], patients_.locality[p], patients_.pathway[p],
                            patients_.place[p], patients_.arrival[p], patients_.admitted[p],
                            patients_.ready[p], patients_.left_acute[p], patients_.left_service[p]});
    }
  }
  return r;
}

double ReplicationResult::value(const std::string& name) const {
  for (const auto& m : measures) {
    if (m.name == name) return m.value;
  }
  throw std::out_of_range("no measure called \"" + name + "\"");
}

}  // namespace careflow::model
