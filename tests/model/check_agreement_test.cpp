// careflow check against three-year runs of every bundled scenario of one care system (England's
// 42 are england_long_test's): what check says of each unit's queue and what the run's steady-
// state test finds must agree.
// - A unit check calls over capacity, its queue growing, grows in the run: at the unit, or behind
//   it, where its patients wait (a unit that sends to it, acute beds, the admission queue). When
//   the acute beds fill, the growth moves to the admission queue and the units below it settle.
// - Every level the run finds growing belongs to a unit check warns of, or to one still filling
//   from its starting state towards check's settled load.
// Labelled `long`: CI runs it once, in the release build.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/parallelism.hpp"
#include "model/simulate.hpp"
#include "model/steady_state.hpp"
#include "scenario/care_network.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

const std::filesystem::path kScenarios = std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios";

// Every scenario file in scenarios/ but those of several care systems (a `[systems]` table:
// England, whose agreement england_long_test holds: check finds no care system over capacity, and
// a year of all 42 finds no admission queue growing; ten replications of three years of England
// would take CI about 10 minutes).
std::vector<std::string> bundled_scenarios() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".toml") continue;
    std::ifstream file(entry.path());
    bool several_systems = false;
    for (std::string line; std::getline(file, line);)
      several_systems = several_systems || line.starts_with("[systems]");
    if (!several_systems) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

SteadyState three_years(const scenario::Scenario& s) {
  ModelOptions options;
  options.keep_daily_series = true;
  engine::ThreadScope threads(engine::threads_or_all_cores(0));
  const auto runs = threads.run([&] {
    return engine::run_replications<ReplicationResult>(
        static_cast<std::size_t>(s.run.replications),
        [&](std::size_t r) { return simulate_replication(s, r, options); });
  });
  SteadyStateMonitor monitor(s.run.warmup_days);
  for (std::size_t r = 0; r < runs.size(); ++r) monitor.add(r, runs[r].daily);
  return monitor.result();
}

std::string hub_of(const scenario::Service& service) {
  return std::string(scenario::kPathwayNames[static_cast<std::size_t>(service.pathway)]) + " hub";
}

// The run's levels that show a unit's queue growing: its own, and those of every unit behind it.
std::set<std::string> levels_behind(const scenario::Scenario& s, const scenario::UnitLoad& load) {
  std::set<std::string> levels{"queue " + load.unit, "occupancy " + load.unit};
  if (load.unit == "acute" || load.acute_unit)
    return {"admission queue", "NCTR patients", "acute occupancy"};
  std::set<std::size_t> units;  // the services whose patients end up waiting for this one
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    if (s.services[i].name == load.unit ||
        (load.hub && s.services[i].from_hospital && hub_of(s.services[i]) == load.unit)) {
      units.insert(i);
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
      if (units.count(i)) continue;
      for (std::size_t g = 0; g < std::max<std::size_t>(1, s.groups.size()) && !units.count(i);
           ++g) {
        for (const auto& [to, share] : s.services[i].next_for(g)) {
          if (share > 0 && units.count(to)) {
            units.insert(i);
            grew = true;
          }
        }
      }
    }
  }
  for (std::size_t i : units) {
    const auto& service = s.services[i];
    levels.insert("queue " + service.name);
    levels.insert("occupancy " + service.name);
    if (s.levers.transfer_of_care_hub && service.from_hospital)
      levels.insert("queue " + hub_of(service));
    if (service.from_hospital)
      levels.insert({"admission queue", "NCTR patients", "acute occupancy"});
  }
  return levels;
}

// The row of check's table a level of the run belongs to.
const scenario::UnitLoad* load_of(const scenario::Scenario& s,
                                  const std::vector<scenario::UnitLoad>& loads,
                                  const std::string& level) {
  std::string unit = level;
  if (level == "admission queue" || level == "NCTR patients" || level == "acute occupancy")
    unit = "acute";
  for (const char* prefix : {"queue ", "occupancy "}) {
    if (level.starts_with(prefix)) unit = level.substr(std::string(prefix).size());
  }
  for (const auto& service : s.services) {
    if (service.name == unit && s.levers.transfer_of_care_hub && service.from_hospital)
      unit = hub_of(service);
  }
  for (const auto& load : loads) {
    if (load.unit == unit) return &load;
  }
  return nullptr;
}

// A service that starts below the load check says it settles at, by more than the growth the
// run counts, fills for about a stay: with stays of years, for all of a three-year run.
bool still_filling(const scenario::Scenario& s, const scenario::UnitLoad& load,
                   const std::string& level, double material_growth) {
  if (!level.starts_with("occupancy ")) return false;
  for (const auto& service : s.services) {
    if (service.name != level.substr(10) || !service.counts_people()) continue;
    return load.offered_load - load.held_idle - service.initially_occupied > material_growth &&
           service.stay.mean > 365.0;
  }
  return false;
}

class CheckAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckAgreement, check_and_a_three_year_run_agree_on_which_queues_grow) {
  const auto s = scenario::load_scenario((kScenarios / GetParam()).string(),
                                         {"run.days=1095", "run.replications=10"});
  const auto loads = scenario::offered_loads(s, false);
  const auto state = three_years(s);
  std::set<std::string> rising;
  for (const auto* level : state.rising()) rising.insert(level->level);

  for (const auto& load : loads) {
    if (!load.queue_grows || load.in_hub) continue;
    const auto behind = levels_behind(s, load);
    const bool seen = std::any_of(behind.begin(), behind.end(),
                                  [&](const auto& l) { return rising.count(l) > 0; });
    EXPECT_TRUE(seen) << GetParam() << ": check says the queue for " << load.unit
                      << " grows, and the run finds no growth there or behind it: "
                      << state.warning();
  }
  for (const auto* level : state.rising()) {
    const auto* load = load_of(s, loads, level->level);
    ASSERT_NE(load, nullptr) << GetParam() << ": " << level->level;
    EXPECT_TRUE(scenario::needs_attention(*load) ||
                still_filling(s, *load, level->level, level->material_growth))
        << GetParam() << ": the run finds " << level->level << " growing by "
        << level->growth_per_month() << " a month, where check sees " << load->unit
        << " at utilisation " << load->utilisation();
  }
}

// "pull.toml" -> "pull", as a test's name.
std::string without_extension(const ::testing::TestParamInfo<std::string>& file) {
  return file.param.substr(0, file.param.size() - 5);
}

INSTANTIATE_TEST_SUITE_P(every_bundled_scenario, CheckAgreement,
                         ::testing::ValuesIn(bundled_scenarios()), without_extension);

}  // namespace
}  // namespace careflow::model
