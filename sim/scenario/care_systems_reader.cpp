#include "scenario/care_systems_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "scenario/care_network.hpp"
#include "scenario/population_reader.hpp"

#include "scenario/csv_line.hpp"
#include "scenario/distribution_scale.hpp"

namespace careflow::scenario {
namespace {

namespace fs = std::filesystem;

struct AreaRow {
  std::string code, ons_code, name, region;
  double population = 0, share_65_plus = 0, beds = 0, admissions = 0;
};

std::vector<AreaRow> read_rows(TableReader& t, const fs::path& csv) {
  std::ifstream in(csv);
  if (!in) t.fail("table", "cannot read " + csv.string());
  const std::vector<std::string> wanted{"icb_code", "icb_ons_code", "icb_name", "region", "population",
                                        "share_65_plus", "ga_beds", "emergency_admissions_per_year"};
  std::string line;
  std::getline(in, line);
  if (split_csv_line(line) != wanted) {
    std::string names;
    for (const auto& w : wanted) names += (names.empty() ? "" : ", ") + w;
    t.fail("table", csv.string() + ":1: needs the columns " + names);
  }
  std::vector<AreaRow> rows;
  long number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const auto cells = split_csv_line(line);
    const std::string where = csv.string() + ":" + std::to_string(number) + ": ";
    if (cells.size() != wanted.size()) t.fail("table", where + "needs " + std::to_string(wanted.size()) + " cells");
    const auto number_in = [&](std::size_t i, double low, double high) {
      char* end = nullptr;
      const double v = std::strtod(cells[i].c_str(), &end);
      if (end == cells[i].c_str() || *end != '\0' || !(v >= low) || !(v <= high)) {
        t.fail("table", where + wanted[i] + " must be a number from " + std::to_string(low) + " to " +
                            std::to_string(high) + ", got \"" + cells[i] + "\"");
      }
      return v;
    };
    rows.push_back({cells[0], cells[1], cells[2], cells[3], number_in(4, 1, 1e8), number_in(5, 0, 1),
                    number_in(6, 0, 1e6), number_in(7, 1, 1e8)});
  }
  if (rows.empty()) t.fail("table", csv.string() + " has no areas");
  return rows;
}

int scaled(int value, double factor) { return static_cast<int>(std::lround(value * factor)); }

// Each group's share of the care system's admissions from its own residents' hazards (the
// group's ages and localities), so that an area's age structure sets its mix (an older area sends
// more patients down the pathways of its older groups). A resident who fits several groups is
// shared among them as the model shares them, by the template's admissions.
void set_group_admissions_from_residents(Scenario& s) {
  const auto& spec = *s.population;
  std::vector<double> expected(s.groups.size(), 0.0);
  for (std::size_t l = 0; l < spec.residents.size(); ++l) {
    for (int age = 0; age <= kOldestAge; ++age) {
      const auto band = spec.band_of(age);
      double admissions = 0;  // a year, at the band rates (frailty averages out within a band)
      for (std::size_t sex = 0; sex < kSexes; ++sex)
        admissions += spec.residents[l][sex][static_cast<std::size_t>(age)] * spec.admission_rate[band][sex];
      double total = 0;
      for (const auto& g : s.groups)
        if (age >= g.min_age && age <= g.max_age) total += g.admissions_per_day * g.locality_shares[l];
      if (!(total > 0)) continue;
      for (std::size_t g = 0; g < s.groups.size(); ++g) {
        const auto& group = s.groups[g];
        if (age >= group.min_age && age <= group.max_age)
          expected[g] += admissions * group.admissions_per_day * group.locality_shares[l] / total;
      }
    }
  }
  double before = 0, after = 0;
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    before += s.groups[g].admissions_per_day;
    after += expected[g];
  }
  if (!(after > 0)) return;
  for (std::size_t g = 0; g < s.groups.size(); ++g) s.groups[g].admissions_per_day = expected[g] * before / after;
}

// The community service a row of offered_loads is about; none for an acute unit's or a hub's row.
template <class S>  // Scenario or const Scenario
auto service_of(S& s, const UnitLoad& load) -> decltype(&s.services.front()) {
  const auto found = std::find_if(s.services.begin(), s.services.end(),
                                  [&](const Service& service) { return service.name == load.unit; });
  return found == s.services.end() ? nullptr : &*found;
}

// The busiest any of the template's community services is, by its offered load (demand, as if
// no one stepped up while waiting).
double busiest_service(const Scenario& s) {
  double busiest = 0;
  for (const auto& load : offered_loads(s, false)) {
    if (service_of(s, load)) busiest = std::max(busiest, load.demand_utilisation());
  }
  return busiest;
}

// Community capacity per person aged 65+ leaves a care system with many admissions per older
// resident short of what its referrals need; such a service is raised until it is no busier than
// the template's busiest (the places it would spot-purchase). Adds the services raised to
// `raised` and returns the network's loads as raised.
std::vector<UnitLoad> raise_short_services(Scenario& s, double busiest, const std::map<std::string, int>& kept,
                                           std::vector<std::string>& raised) {
  for (int pass = 0;; ++pass) {  // a raised service sends more on downstream (fewer step up)
    auto loads = offered_loads(s, false);
    if (pass == 10) return loads;
    bool changed = false;
    for (const auto& load : loads) {
      Service* service = service_of(s, load);
      if (!service || kept.count(service->name) || !(load.demand_utilisation() > busiest * 1.0001)) continue;
      const double factor = load.demand_utilisation() / busiest;
      service->capacity = static_cast<int>(std::ceil(service->capacity * factor));
      for (auto& change : service->changes) change.capacity = static_cast<int>(std::ceil(change.capacity * factor));
      if (std::find(raised.begin(), raised.end(), service->name) == raised.end()) raised.push_back(service->name);
      changed = true;
    }
    if (!changed) return loads;
  }
}

// Each community service starts as full as its offered load: the template's starting occupancy
// is its own care system's, and a long-stay service started elsewhere (a care home's stays last
// two years) would still be filling or emptying at the end of the run.
void start_services_at_their_loads(Scenario& s, const std::vector<UnitLoad>& loads) {
  for (const auto& load : loads) {
    if (Service* service = service_of(s, load))
      service->initially_occupied = std::min(service->capacity, static_cast<int>(std::lround(load.offered_load)));
  }
}

// systems.capacity.<code>.<unit>: capacities given for one care system (an acute unit's beds or a
// service's capacity), in place of the scaled ones and never raised: by care system, by unit.
using GivenCapacities = std::map<std::string, std::map<std::string, int>>;

GivenCapacities read_given_capacities(TableReader& t, const std::vector<AreaRow>& rows, const Scenario& base) {
  GivenCapacities given;
  auto table = t.optional_table("capacity");
  if (!table) return given;
  for (const auto& code : table->keys()) {
    if (std::none_of(rows.begin(), rows.end(), [&](const AreaRow& row) { return row.code == code; })) {
      table->fail(code.c_str(), "is not a care system of this run");
    }
    auto units = table->table(code.c_str());
    for (const auto& unit : units.keys()) {
      const bool acute = std::any_of(base.acute_units.begin(), base.acute_units.end(),
                                     [&](const AcuteUnit& u) { return u.name == unit; });
      const bool service = std::any_of(base.services.begin(), base.services.end(),
                                       [&](const Service& s) { return s.name == unit; });
      if (!acute && !service) units.fail(unit.c_str(), "is not an acute unit or a service of the scenario");
      given[code][unit] = static_cast<int>(units.integer(unit.c_str(), acute ? 1 : 0, 10'000'000));
    }
  }
  return given;
}

void set_given_capacities(Scenario& s, const std::map<std::string, int>& given) {
  for (auto& unit : s.acute_units) {
    if (const auto at = given.find(unit.name); at != given.end()) {
      unit.beds = at->second;
      unit.initially_occupied = std::min(unit.initially_occupied, unit.beds);
    }
  }
  for (auto& service : s.services) {
    if (const auto at = given.find(service.name); at != given.end()) service.capacity = at->second;
  }
}

}  // namespace

std::vector<Scenario> read_systems(TableReader& t, const Scenario& base) {
  if (!base.population) t.fail_table("needs a [population] (each care system's residents come from it)");
  const fs::path csv = fs::path(t.file_of_key("table")).parent_path() / t.text("table");
  auto rows = read_rows(t, csv);
  if (auto only = t.optional_text_list("only")) {
    std::set<std::string> known;
    for (const auto& row : rows) known.insert(row.code);
    for (const auto& code : *only) {
      if (!known.count(code)) t.fail("only", "\"" + code + "\" is not an area of " + csv.string());
    }
    std::erase_if(rows, [&](const AreaRow& row) { return std::find(only->begin(), only->end(), row.code) == only->end(); });
  }
  const bool raise_short = t.boolean("raise_short_capacity", true);
  const auto given = read_given_capacities(t, rows, base);
  t.reject_unknown_keys();

  const double base_65 = base.population->people_aged_at_least(65);
  const double busiest = busiest_service(base);
  const double base_admissions = base.population->admissions_per_year;
  const double base_beds = base.acute_beds();
  std::vector<Scenario> systems;
  for (const auto& row : rows) {
    Scenario s = base;
    s.systems.clear();
    s.name = row.code;
    s.description = row.name;
    s.code = row.code;
    s.region = row.region;
    auto& population = *s.population;
    population.admissions_per_year = row.admissions;
    load_residents(population, row.ons_code, 0, t, "table", "table");
    // Community capacity per person aged 65+ as in the template (docs/population.md).
    const double r65 = population.people_aged_at_least(65) / base_65;
    const double r_admissions = row.admissions / base_admissions;
    const double r_beds = base_beds > 0 ? row.beds / base_beds : 1;
    for (auto& unit : s.acute_units) {
      unit.beds = std::max(1, scaled(unit.beds, r_beds));
      unit.initially_occupied = std::min(unit.beds, scaled(unit.initially_occupied, r_admissions));
      for (auto& change : unit.changes) change.capacity = scaled(change.capacity, r_beds);
    }
    for (auto& group : s.groups) group.admissions_per_day *= r_admissions;
    for (auto& service : s.services) {
      service.capacity = std::max(1, scaled(service.capacity, r65));
      // Nobody waiting at the start: the template's list is its own care system's, and scaled to
      // another it would flush into two-year care-home stays the run could not outlast.
      service.initially_waiting = 0;
      service.step_up_per_day *= r65;
      for (auto& change : service.changes) change.capacity = scaled(change.capacity, r65);
    }
    if (const auto at = given.find(row.code); at != given.end()) set_given_capacities(s, at->second);
    systems.push_back(std::move(s));
  }
  // Crossing patients go to the other care systems of their region: each in proportion to its
  // admissions (neighbours), and with toward_spare_beds also to its beds beyond the region's beds
  // per admission, while a care system with fewer sends the residents its beds cannot take
  // (beds are counted where the hospitals are: docs/population.md).
  std::map<std::string, std::pair<double, double>> region_totals;  // beds, admissions a year
  for (const auto& s : systems) {
    region_totals[s.region].first += s.acute_beds();
    region_totals[s.region].second += s.population->admissions_per_year;
  }
  // Stays set per region: the template's acute stays stretched by the region's beds per
  // admission over the template's, so that each region's beds are about as full as the
  // template's (occupancy taken to be alike across regions: docs/population.md).
  const double base_beds_per_admission = base_beds / base_admissions;
  for (auto& s : systems) {
    const auto [beds, admissions] = region_totals[s.region];
    const double factor = beds > 0 ? beds / admissions / base_beds_per_admission : 1.0;
    s.acute_stay_factor = factor;
    for (auto& group : s.groups) group.stay = scaled(group.stay, factor);
    for (auto& unit : s.acute_units) unit.initially_occupied = std::min(unit.beds, scaled(unit.initially_occupied, factor));
    set_group_admissions_from_residents(s);
    // One solve of the traffic equations (more where services are raised) serves the raise, the
    // starting occupancy and the admissions' fates (starting occupants change no flow).
    const auto at = given.find(s.code);
    const auto loads = raise_short ? raise_short_services(s, busiest, at == given.end() ? GivenCapacities::mapped_type{}
                                                                                         : at->second,
                                                          s.capacity_raised)
                                   : offered_loads(s, false);
    start_services_at_their_loads(s, loads);
    const auto fates = admission_fates(loads);
    s.population->readmitted_share = fates.readmitted;
    s.population->died_share = fates.died;
  }
  std::vector<double> spare(systems.size(), 0.0);
  for (std::size_t i = 0; i < systems.size(); ++i) {
    auto& s = systems[i];
    const auto [beds, admissions] = region_totals[s.region];
    const double own = s.population->admissions_per_year;
    const double takes = beds > 0 ? s.acute_beds() * admissions / beds : own;  // at the region's beds per admission
    if (s.crossings.toward_spare_beds) {
      spare[i] = std::max(0.0, takes - own);
      s.crossings.share = std::min(0.9, s.crossings.share + std::max(0.0, own - takes) / own);
    }
  }
  for (std::size_t i = 0; i < systems.size(); ++i) {
    if (!systems[i].crossings.mutual_aid) continue;
    for (std::size_t j = 0; j < systems.size(); ++j) {
      if (j != i && systems[j].region == systems[i].region) systems[i].aid_neighbours.push_back(j);
    }
  }
  for (std::size_t i = 0; i < systems.size(); ++i) {
    auto& destinations = systems[i].crossing_destinations;
    if (systems[i].crossings.share <= 0) continue;
    double total = 0;
    for (std::size_t j = 0; j < systems.size(); ++j) {
      if (j == i || systems[j].region != systems[i].region) continue;
      const double weight = base.crossings.share * systems[j].population->admissions_per_year + spare[j];
      if (weight <= 0) continue;
      destinations.emplace_back(j, weight);
      total += weight;
    }
    if (destinations.empty()) {
      systems[i].crossings.share = 0;  // alone in its region: no one crosses
      continue;
    }
    for (auto& d : destinations) {
      d.second /= total;
      systems[d.first].crossing_admissions_in_per_year +=
          systems[i].population->admissions_per_year * systems[i].crossings.share * d.second;
    }
  }
  return systems;
}

}  // namespace careflow::scenario
