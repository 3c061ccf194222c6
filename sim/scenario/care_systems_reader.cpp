#include "scenario/care_systems_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "scenario/population_reader.hpp"

#include "scenario/csv_line.hpp"

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

double people_65_plus(const PopulationSpec& spec) {
  double n = 0;
  for (const auto& locality : spec.residents)
    for (const auto& sex : locality)
      for (int a = 65; a <= kOldestAge; ++a) n += sex[static_cast<std::size_t>(a)];
  return n;
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
  t.reject_unknown_keys();

  const double base_65 = people_65_plus(*base.population);
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
    const double r65 = people_65_plus(population) / base_65;
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
      service.initially_occupied = std::min(service.capacity, scaled(service.initially_occupied, r65));
      service.initially_waiting = scaled(service.initially_waiting, r65);
      service.step_up_per_day *= r65;
      for (auto& change : service.changes) change.capacity = scaled(change.capacity, r65);
    }
    set_admission_fates(s);  // of the scaled network
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
