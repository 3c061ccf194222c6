// Records kept when asked for: the event log and the daily series per unit.

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

namespace {

bool is_patient_event(engine::EventKind kind) {
  return kind != kArrival && kind != kStepUp && kind != kDayEnd && kind != kWarmupEnd && kind != kCapacity;
}

}  // namespace

void CareSystem::log_event(const engine::Event& event) {
  std::int64_t patient = -1;
  if (event.kind == kArrival || event.kind == kStepUp) {
    patient = static_cast<std::int64_t>(patients_.size()) - 1;  // the patient who just arrived
  } else if (is_patient_event(event.kind)) {
    patient = static_cast<std::int64_t>(event.payload & 0xffffffffULL);
  }
  event_log_.time.push_back(event.time);
  event_log_.kind.push_back(static_cast<std::uint8_t>(event.kind));
  event_log_.patient.push_back(patient);
  event_log_.place.push_back(patient >= 0 ? patients_.place[static_cast<std::size_t>(patient)]
                                          : Outcome::waiting_admission);
  std::int16_t unit = -1;
  if (patient >= 0) {
    const auto p = static_cast<std::size_t>(patient);
    if (patients_.place[p] == Outcome::in_acute) unit = 0;
    if (patients_.place[p] == Outcome::in_community) unit = static_cast<std::int16_t>(patients_.service[p] + 1);
  }
  event_log_.unit.push_back(unit);
}

// Daily means from each level's area since time 0: the levels in a fixed order, the same as
// the columns they fill (see the loop below).
void CareSystem::record_days_until(Tick now) {
  if (daily_area_.empty()) {
    daily_.units.push_back("acute");
    for (const auto& spec : scenario_.services) daily_.units.push_back(spec.name);
    if (scenario_.levers.transfer_of_care_hub) {
      for (const auto& pool : pools_) {
        if (is_hub(pool)) daily_.units.push_back(pool.name);
      }
    }
    // With several acute units, each has a row of its own after the rest ("acute medicine").
    if (acute_.size() > 1) {
      for (const auto& unit : scenario_.acute_units) daily_.units.push_back("acute " + unit.name);
    }
    daily_area_.assign(3 + 2 * services_.size() + pools_.size() + (acute_.size() > 1 ? 2 * acute_.size() : 0), 0.0);
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
    int bed_capacity = 0;
    for (const auto& unit : acute_) bed_capacity += unit.capacity;
    add_row(0, beds, bed_capacity, admission_queue, nctr, kNotApplicable);
    for (std::size_t s = 0; s < services_.size(); ++s) {
      service_occupied[s] = daily_mean(services_[s].occupancy);
      service_idle[s] = daily_mean(services_[s].idle_reserved);
    }
    for (std::size_t p = 0; p < pools_.size(); ++p) pool_queue[p] = daily_mean(pools_[p].queue_length);
    for (std::size_t s = 0; s < services_.size(); ++s) {
      const bool pooled = hub && scenario_.services[s].from_hospital;  // its queue is the hub's
      add_row(1 + s, service_occupied[s], services_[s].capacity, pooled ? kNotApplicable : pool_queue[services_[s].pool],
              kNotApplicable, service_idle[s]);
    }
    std::size_t row = 1 + services_.size();
    if (hub) {
      for (std::size_t p = 0; p < pools_.size(); ++p) {
        if (!is_hub(pools_[p])) continue;
        double in_pool = 0, capacity = 0, idle_in_pool = 0;
        for (std::size_t s : pools_[p].services) {
          in_pool += service_occupied[s];
          capacity += services_[s].capacity;
          idle_in_pool += service_idle[s];
        }
        add_row(row++, in_pool, capacity, pool_queue[p], kNotApplicable, idle_in_pool);
      }
    }
    if (acute_.size() > 1) {
      for (auto& unit : acute_) {
        const double occupied = daily_mean(unit.beds);
        const double queue = daily_mean(unit.queue_length);
        add_row(row++, occupied, unit.capacity, queue, kNotApplicable, kNotApplicable);
      }
    }
    next_day_end_ += kTicksPerDay;
  }
}

}  // namespace careflow::model
