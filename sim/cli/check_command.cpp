#include "cli/check_command.hpp"

#include <fmt/core.h>

#include "cli/load_advice.hpp"
#include "cli/stale_temporaries.hpp"
#include "output/atomic_file.hpp"
#include "scenario/care_network_dot.hpp"
#include "scenario/care_network.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::cli {

void add_check_command(CLI::App& app, CheckOptions& o) {
  auto* check = app.add_subcommand("check", "Validate a scenario and print the offered load per unit");
  check->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
  check->add_option("--set", o.sets, "Override a scenario key: --set acute.beds=900 (repeatable)");
  check->add_option("--graph", o.graph, "Also write the care network as Graphviz DOT to this file (draw it with dot -Tpng)");
}

int check_scenario(const CheckOptions& o) {
  const auto s = scenario::load_scenario(o.scenario, o.sets);
  const auto loads = scenario::offered_loads(s);
  fmt::print("{}: valid scenario \"{}\"\n", o.scenario, s.name);
  fmt::print("  {} patient groups, {} localities, {} services\n\n", s.groups.size(),
             s.localities.size(), s.services.size());
  print_start_trims(s);
  fmt::print("  {:<16} {:>12} {:>10} {:>10} {:>12} {:>10} {:>12}\n", "unit", "arrivals/day", "mean stay",
             "held idle", "offered load", "capacity", "utilisation");
  for (const auto& u : loads) {
    const std::string remark = u.in_hub ? "(pooled in its hub, below)" : load_remark(u);
    fmt::print("  {:<16} {:>12.2f} {:>10.2f} {:>10.1f} {:>12.1f} {:>10.0f} {:>12.3f}{}{}\n", u.unit,
               u.arrivals_per_day, u.mean_stay_days, u.held_idle, u.offered_load, u.capacity, u.utilisation(),
               remark.empty() ? "" : "  ", remark);
  }
  fmt::print("\n  Offered load = arrivals x holding time (+ places held idle), with every lever that is on,\n"
             "  deconditioning and readmissions; acute holding time: treatment, the discharge process and\n"
             "  the expected wait for a place. docs/model.md says what is approximate.\n\n");
  print_load_advice(loads);
  if (!o.graph.empty()) {
    clear_stale_temporaries(o.graph);
    output::AtomicFile file(o.graph);
    file.stream() << scenario::care_network_dot(s, loads);
    file.check();
    file.commit();
    fmt::print("  care network written to {} (draw it with: dot -Tpng {} -o network.png)\n", o.graph, o.graph);
  }
  return 0;
}

}  // namespace careflow::cli
