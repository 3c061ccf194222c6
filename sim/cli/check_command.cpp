#include "cli/check_command.hpp"

#include <fmt/core.h>

#include "scenario/care_network.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::cli {

void add_check_command(CLI::App& app, CheckOptions& o) {
  auto* check = app.add_subcommand("check", "Validate a scenario and print the offered load per unit");
  check->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  check->add_option("--set", o.sets, "Override a scenario key: --set acute.beds=900 (repeatable)");
}

int check_scenario(const CheckOptions& o) {
  const auto s = scenario::load_scenario(o.scenario, o.sets);
  const auto loads = scenario::offered_loads(s);
  fmt::print("{}: valid scenario \"{}\"\n", o.scenario, s.name);
  fmt::print("  {} patient groups, {} localities, {} services\n\n", s.groups.size(),
             s.localities.size(), s.services.size());
  fmt::print("  {:<16} {:>12} {:>10} {:>12} {:>10} {:>12}\n", "unit", "arrivals/day", "mean stay",
             "offered load", "capacity", "utilisation");
  int overloaded = 0;
  for (const auto& u : loads) {
    const bool over = u.offered_load >= u.capacity && u.offered_load > 0;
    overloaded += over ? 1 : 0;
    fmt::print("  {:<16} {:>12.2f} {:>10.2f} {:>12.1f} {:>10.0f} {:>12.3f}{}\n", u.unit,
               u.arrivals_per_day, u.mean_stay_days, u.offered_load, u.capacity, u.utilisation(),
               over ? "  demand exceeds capacity" : "");
  }
  fmt::print("\n  (acute: treatment until medically ready only; delays come on top)\n");
  if (overloaded > 0) {
    fmt::print("  warning: {} unit(s) offered more than their capacity: their queues will grow\n",
               overloaded);
  }
  return 0;
}

}  // namespace careflow::cli
