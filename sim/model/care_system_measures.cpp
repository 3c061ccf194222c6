// The measures of a run: levels as time averages, daily occupancy counts, and every measure
// and record a replication hands back at its end.

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

void CareSystem::set_levels(Tick now) {
  beds_.set(now, beds_in_use());
  nctr_.set(now, static_cast<double>(ready_in_acute_));
  admission_queue_length_.set(now, static_cast<double>(admission_queue()));
  if (acute_.size() > 1) {
    for (auto& a : acute_) {
      a.beds.set(now, a.beds_in_use);
      a.queue_length.set(now, static_cast<double>(a.admission_queue.size()));
    }
  }
  for (auto& s : services_) {
    s.occupancy.set(now, s.occupied);
    s.idle_reserved.set(now, s.committed - s.occupied);
    s.moving_on_level.set(now, s.moving_on);
    for (std::size_t r = 0; r < s.moving_on_by_route.size(); ++r) {
      s.moving_on_by_route_level[r].set(now, s.moving_on_by_route[r]);
    }
    if (s.counts != ServiceState::Counts::people) s.load_level.set(now, s.load_in_use);
  }
  for (auto& p : pools_) p.queue_length.set(now, static_cast<double>(p.waiting));
}

void CareSystem::start_measuring(Tick now) {
  set_levels(now);
  beds_.restart(now);
  nctr_.restart(now);
  admission_queue_length_.restart(now);
  for (auto& a : acute_) {
    a.beds.restart(now);
    a.queue_length.restart(now);
  }
  for (auto& s : services_) {
    s.occupancy.restart(now);
    s.idle_reserved.restart(now);
    s.moving_on_level.restart(now);
    for (auto& level : s.moving_on_by_route_level) level.restart(now);
    s.load_level.restart(now);
    s.step_up_wait_days = 0;
    s.step_up_starts = 0;
  }
  for (auto& p : pools_) p.queue_length.restart(now);
  if (population_) population_counts_at_warmup_ = population_->counts();
  crossings_out_measured_ = 0;
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
  beds_.set(now, beds_in_use());
  const double area = beds_.area(now);
  const double mean_beds = (area - bed_area_at_day_start_) / static_cast<double>(kTicksPerDay);
  bed_area_at_day_start_ = area;
  const double beds = scenario_.acute_beds();
  const double occupancy = beds > 0 ? mean_beds / beds : 0.0;
  ++measured_days_;
  if (occupancy > 0.92) ++days_above_92_;
  if (occupancy > 0.95) ++days_above_95_;
  if (options_.stop_requested && options_.stop_requested()) throw RunStopped();
  context.schedule(kTicksPerDay, kDayEnd, 0, kBookkeepingPriority);
}

bool CareSystem::pathway_used(std::size_t pathway) const {
  for (const auto& g : scenario_.groups) {
    if (g.admissions_per_day > 0 && g.pathway_shares[pathway] > 0) return true;
  }
  const bool steps_up = scenario_.discharge.deconditioning_per_day > 0 && pathway >= 2;
  return steps_up && pathway_used(pathway - 1);
}

ReplicationResult CareSystem::finish(Tick end) {
  if (options_.keep_daily_series) record_days_until(end);
  ReplicationResult r;
  r.census = census();
  r.crossings = crossings_;
  if (population_) {
    r.residents = population_->alive();
    r.resident_admissions = population_->counts().admissions;
    r.resident_bytes = population_->bytes_per_person() * static_cast<double>(population_->alive());
  }
  const double days = engine::days_from_ticks(end - warmup_end_);
  auto add = [&](std::string name, std::string unit, double value) {
    r.measures.push_back({std::move(name), std::move(unit), value});
  };
  auto share = [](std::uint64_t part, std::uint64_t whole) {
    return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
  };

  std::uint64_t arrivals = 0, turned_away = 0, admitted = 0, over_12h = 0, needing_service = 0;
  double wait_hours = 0;
  // With several acute units, each one's measured admissions: ED wait hours, count, over 12 hours.
  struct UnitWaits {
    double hours = 0;
    std::uint64_t admitted = 0, over_12 = 0;
  };
  std::vector<UnitWaits> unit_waits(acute_.size());
  std::array<std::vector<double>, scenario::kPathways> delays;
  for (std::size_t p = 0; p < patients_.size(); ++p) {
    // A proxy (in another care system's bed) was admitted there and is counted there.
    if (patients_.arrival[p] >= warmup_end_ && !patients_.stepped_up_from_home[p] && !patients_.aid_guest[p] &&
        !is_proxy(static_cast<PatientId>(p))) {
      ++arrivals;
      if (patients_.place[p] == Outcome::turned_away) ++turned_away;
      if (patients_.admitted[p] >= 0) {
        ++admitted;
        const double hours =
            static_cast<double>(patients_.admitted[p] - patients_.arrival[p]) * kHoursPerTick;
        wait_hours += hours;
        if (hours > 12.0) ++over_12h;
        if (acute_.size() > 1) {
          auto& unit = unit_waits[acute_of(static_cast<PatientId>(p))];
          ++unit.admitted;
          unit.hours += hours;
          if (hours > 12.0) ++unit.over_12;
        }
      }
    }
    if (patients_.ready_flag[p] && patients_.ready[p] >= warmup_end_ && patients_.left_acute[p] >= 0) {
      delays[patients_.pathway[p]].push_back(
          engine::days_from_ticks(patients_.left_acute[p] - patients_.ready[p]));
      if (patients_.pathway[p] != 0) ++needing_service;
    }
  }
  const double beds = scenario_.acute_beds();
  add("admissions per day", "patients/day", static_cast<double>(arrivals) / days);
  add("turned away", "share", share(turned_away, arrivals));
  add("acute occupancy", "share", beds > 0 ? beds_.mean(end) / beds : 0.0);
  add("days above 92% occupancy", "share", share(days_above_92_, measured_days_));
  add("days above 95% occupancy", "share", share(days_above_95_, measured_days_));
  add("ED wait", "hours", admitted ? wait_hours / static_cast<double>(admitted) : 0.0);
  add("ED waits over 12 hours", "share", share(over_12h, admitted));
  add("admission queue", "patients", admission_queue_length_.mean(end));
  add("NCTR patients in acute beds", "patients", nctr_.mean(end));
  if (acute_.size() > 1) {  // each acute unit: its groups' admissions
    for (std::size_t k = 0; k < acute_.size(); ++k) {
      const auto& spec = scenario_.acute_units[k];
      const auto& waits = unit_waits[k];
      add("acute occupancy " + spec.name, "share", spec.beds > 0 ? acute_[k].beds.mean(end) / spec.beds : 0.0);
      add("ED wait " + spec.name, "hours", waits.admitted ? waits.hours / static_cast<double>(waits.admitted) : 0.0);
      add("ED waits over 12 hours " + spec.name, "share", share(waits.over_12, waits.admitted));
      add("admission queue " + spec.name, "patients", acute_[k].queue_length.mean(end));
    }
  }

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
    const double day_cost = spec.day_cost ? *spec.day_cost : scenario_.costs.community_day[static_cast<std::size_t>(spec.pathway)];
    const bool counts_people = state.counts == ServiceState::Counts::people;
    const double in_use = counts_people ? state.occupancy.mean(end) : state.load_level.mean(end);
    add("utilisation " + spec.name, "share", spec.capacity > 0 ? in_use / spec.capacity : 0.0);
    if (!counts_people) add("people supported " + spec.name, "people", state.occupancy.mean(end));
    if (spec.step_up_per_day > 0) {
      add("step-up referrals per day " + spec.name, "patients/day",
          static_cast<double>(state.step_up_referrals) / days);
      add("step-up wait " + spec.name, "days",
          state.step_up_starts ? state.step_up_wait_days / static_cast<double>(state.step_up_starts) : 0.0);
    }
    if (scenario_.levers.capacity_reservation) {
      add("held idle " + spec.name, "places", state.idle_reserved.mean(end));
    }
    if (!state.route_targets.empty()) {
      // Places held by people whose stay is over, waiting for the next unit (blocking after service).
      add("waiting to move on from " + spec.name, "people", state.moving_on_level.mean(end));
      for (std::size_t route = 0; route < state.moving_on_by_route.size(); ++route) {
        add("waiting to move on from " + spec.name + " to " + scenario_.services[state.route_targets[route]].name,
            "people", state.moving_on_by_route_level[route].mean(end));
      }
    }
    cost += state.occupancy.area(end) / day_ticks * day_cost;
    idle_cost += state.idle_reserved.area(end) / day_ticks * day_cost;
  }
  for (const auto& pool : pools_) add("queue " + pool.name, "patients", pool.queue_length.mean(end));
  add("cost of idle held places per day", "GBP/day", idle_cost / days);
  add("cost per day", "GBP/day", (cost + idle_cost) / days);
  if (population_) {  // the residents, wherever they are treated
    const auto& now = population_->counts();
    const auto& then = population_counts_at_warmup_;
    add("residents' emergency admissions per day", "patients/day",
        static_cast<double>(now.admissions - then.admissions) / days);
    add("residents' deaths at home per day", "people/day",
        static_cast<double>(now.deaths_at_home - then.deaths_at_home) / days);
    add("residents' births per day", "people/day", static_cast<double>(now.births - then.births) / days);
    add("residents alive at the end", "people", static_cast<double>(population_->alive()));
  }
  if (!scenario_.code.empty()) {  // one of several care systems
    add("admitted in another care system per day", "patients/day",
        static_cast<double>(crossings_out_measured_) / days);
    if (scenario_.crossings.mutual_aid) {
      add("moved to a neighbour's community bed per day", "patients/day", static_cast<double>(aid_out_measured_) / days);
      add("neighbours' patients taken into community beds per day", "patients/day",
          static_cast<double>(aid_in_measured_) / days);
    }
  }

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
