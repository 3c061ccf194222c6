#include "model/combined_result.hpp"

#include <set>
#include <stdexcept>
#include <string>

namespace careflow::model {
namespace {

// At namespace scope, not a function's static: built before main, so threads that first combine
// results at the same moment share no lazy initialisation (whose fast path ThreadSanitizer, with
// atomics uninstrumented, cannot see).
const std::set<std::string> kCountUnits{"patients/day", "bed days/day", "GBP/day", "patients", "people",
                                        "places", "people/day"};

bool is_count(const std::string& unit) { return kCountUnits.count(unit) > 0; }

}  // namespace

ReplicationResult combine_systems(std::vector<ReplicationResult> parts,
                                  const std::vector<scenario::Scenario>& systems) {
  if (parts.empty() || parts.size() != systems.size()) throw std::invalid_argument("one result per care system");
  ReplicationResult whole;
  const auto& first = parts.front().measures;
  std::vector<double> admissions(parts.size()), beds(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].measures.size() != first.size()) throw std::invalid_argument("care systems with different measures");
    admissions[i] = parts[i].value("admissions per day");
    beds[i] = systems[i].acute_beds();
  }
  for (std::size_t m = 0; m < first.size(); ++m) {
    Measure total{first[m].name, first[m].unit, 0.0};
    const bool by_beds = total.name == "acute occupancy" || total.name.rfind("days above", 0) == 0;
    double weight = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto& measure = parts[i].measures[m];
      if (measure.name != total.name) throw std::invalid_argument("care systems with different measures");
      if (is_count(total.unit)) {
        total.value += measure.value;
      } else {
        const double w = by_beds ? beds[i] : admissions[i];
        total.value += w * measure.value;
        weight += w;
      }
    }
    if (!is_count(total.unit)) total.value = weight > 0 ? total.value / weight : 0.0;
    whole.measures.push_back(total);
  }
  for (const auto& part : parts) {
    whole.events += part.events;
    auto& c = whole.census;
    const auto& p = part.census;
    c.arrived += p.arrived;
    c.waiting_admission += p.waiting_admission;
    c.in_acute += p.in_acute;
    c.in_community += p.in_community;
    c.home += p.home;
    c.long_term_care += p.long_term_care;
    c.care_home += p.care_home;
    c.dead += p.dead;
    c.turned_away += p.turned_away;
    c.waiting_at_home += p.waiting_at_home;
    c.moved_to_home_system += p.moved_to_home_system;
    c.moved_to_neighbour += p.moved_to_neighbour;
    whole.residents += part.residents;
    whole.resident_admissions += part.resident_admissions;
    whole.resident_bytes += part.resident_bytes;
    for (std::size_t k = 0; k < CrossingCounts::kKinds; ++k) {
      whole.crossings.sent[k] += part.crossings.sent[k];
      whole.crossings.received[k] += part.crossings.received[k];
    }
  }
  // Every care system's units in one daily series, named "<code> <unit>": the steady-state test
  // then judges each unit of each care system.
  auto& daily = whole.daily;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& d = parts[i].daily;
    const auto offset = static_cast<std::uint16_t>(daily.units.size());
    for (const auto& unit : d.units) daily.units.push_back(systems[i].code + " " + unit);
    daily.day.insert(daily.day.end(), d.day.begin(), d.day.end());
    for (auto u : d.unit) daily.unit.push_back(static_cast<std::uint16_t>(u + offset));
    daily.occupied.insert(daily.occupied.end(), d.occupied.begin(), d.occupied.end());
    daily.capacity.insert(daily.capacity.end(), d.capacity.begin(), d.capacity.end());
    daily.queue.insert(daily.queue.end(), d.queue.begin(), d.queue.end());
    daily.nctr.insert(daily.nctr.end(), d.nctr.begin(), d.nctr.end());
    daily.reserved_idle.insert(daily.reserved_idle.end(), d.reserved_idle.begin(), d.reserved_idle.end());
  }
  whole.systems = std::move(parts);
  return whole;
}

}  // namespace careflow::model
