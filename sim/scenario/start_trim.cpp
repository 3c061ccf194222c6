#include "scenario/start_trim.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace careflow::scenario {
namespace {

std::string acute_key(const Scenario& s, const AcuteUnit& unit) {
  return s.acute_units.size() == 1 && unit.name == "acute" ? "acute" : "acute." + unit.name;
}

}  // namespace

void trim_start_to_capacity(Scenario& s) {
  for (auto& service : s.services) {
    const double place = service.mean_place_size();
    if (!(place > 0)) continue;
    const int fit = static_cast<int>(std::floor(service.capacity / place + 1e-9));
    if (service.initially_occupied <= fit) continue;
    const int moved = service.initially_occupied - fit;
    s.start_trims.push_back({"services." + service.name + ".initially_occupied", service.initially_occupied, fit,
                             moved,
                             service.from_hospital ? "moved to wait for it in acute beds"
                                                   : "left out of the start (no one waits in hospital for it)"});
    service.initially_occupied = fit;
    if (service.from_hospital) service.initially_waiting += moved;
  }
  // Medically ready patients waiting for a service hold beds of the first group's acute unit.
  const std::size_t ready_unit = s.groups.empty() ? 0 : s.groups[0].acute_unit;
  int waiting = 0;
  for (const auto& service : s.services) waiting += service.initially_waiting;
  for (std::size_t k = 0; k < s.acute_units.size(); ++k) {
    auto& unit = s.acute_units[k];
    const int ready_here = k == ready_unit ? waiting : 0;
    const int over = unit.initially_occupied + ready_here - unit.beds;
    if (over <= 0) continue;
    const int from_treatment = std::min(over, unit.initially_occupied);
    if (from_treatment > 0) {
      s.start_trims.push_back({acute_key(s, unit) + ".initially_occupied", unit.initially_occupied,
                               std::max(0, unit.beds - ready_here), from_treatment,
                               unit.turn_away_when_full ? "treated elsewhere (the unit turns patients away when full)"
                                                        : "moved to the admission queue"});
      unit.initially_occupied -= from_treatment;
      if (!unit.turn_away_when_full) unit.initially_queued += from_treatment;
    }
    // More medically ready patients than beds, even with no one in treatment: the last
    // services' are left out.
    int rest = over - from_treatment;
    for (auto service = s.services.rbegin(); rest > 0 && service != s.services.rend(); ++service) {
      const int left_out = std::min(rest, service->initially_waiting);
      if (left_out == 0) continue;
      s.start_trims.push_back({"services." + service->name + ".initially_waiting", service->initially_waiting,
                               service->initially_waiting - left_out, left_out,
                               "left out of the start (more than the acute beds hold)"});
      service->initially_waiting -= left_out;
      rest -= left_out;
    }
  }
}

std::string describe(const StartTrim& trim) {
  return fmt::format("{} = {}, more than the {} that fit: {} {}", trim.key, trim.before, trim.capacity, trim.moved,
                     trim.where);
}

}  // namespace careflow::scenario
