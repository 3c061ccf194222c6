#include "cli/compare_by_system.hpp"

#include <fmt/core.h>

#include <cmath>

#include "cli/comparison_rows.hpp"
#include "cli/json_text.hpp"
#include "cli/text_table.hpp"
#include "output/csv_field.hpp"

namespace careflow::cli {
namespace {

const stats::MeasureComparison* find_row(const SystemComparison& system, const std::string& measure) {
  for (const auto& row : system.rows)
    if (row.name == measure) return &row;
  return nullptr;
}

}  // namespace

std::vector<SystemComparison> compare_by_system(const std::vector<output::TraceSummary>& traces,
                                                const std::vector<std::string>& labels, std::string& why_not) {
  for (const auto& t : traces) {
    if (t.systems.empty()) {
      why_not = t.path + " is a run of one care system: --by-ics compares runs of several (such as "
                         "scenarios/england.toml)";
      return {};
    }
    if (t.systems != traces.front().systems) {
      why_not = t.path + " holds other care systems than " + traces.front().path +
                ": runs compared care system by care system need the same ones";
      return {};
    }
  }
  if (traces.empty()) return {};
  const auto& first = traces.front();
  std::vector<SystemComparison> out;
  for (std::size_t i = 0; i < first.systems.size(); ++i) {
    SystemComparison system{first.systems[i], first.system_names[i], first.system_regions[i], {}, {}};
    std::vector<stats::ScenarioRuns> runs;
    for (std::size_t k = 0; k < traces.size(); ++k) {
      const auto& t = traces[k];
      std::vector<std::vector<double>> values;
      for (const auto& replication : t.system_values) values.push_back(replication[i]);
      runs.push_back({labels[k], t.seed, t.measure_names, t.measure_units, std::move(values), t.system_warnings[i]});
      system.warnings.push_back(t.system_warnings[i]);
    }
    system.rows = stats::compare_scenarios(runs);
    out.push_back(std::move(system));
  }
  return out;
}

std::vector<std::string> default_system_measures() {
  return {"acute occupancy", "NCTR patients in acute beds", "delay days", "ED wait"};
}

void print_systems_table(std::FILE* out, const std::vector<std::string>& labels,
                         const std::vector<SystemComparison>& systems, const std::vector<std::string>& measures) {
  fmt::print(out, "\n  by care system: [1] and each run's difference from it; ! the care system was not in "
             "steady state in a run\n");
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header{"code", "name"};
  for (const auto& m : measures) {
    header.push_back(m + " [1]");
    for (std::size_t k = 1; k < labels.size(); ++k) header.push_back(fmt::format("[{}]-[1]", k + 1));
  }
  cells.push_back(header);
  for (const auto& system : systems) {
    std::vector<std::string> line{system.code, short_system_name(system.name, 28)};
    for (const auto& m : measures) {
      const auto* row = find_row(system, m);
      line.push_back(row && row->scenarios[0] ? plus_minus(*row->scenarios[0]) : "-");
      for (std::size_t k = 1; k < labels.size(); ++k) {
        const auto* d = row ? &row->differences[k] : nullptr;
        line.push_back(d && *d ? plus_minus((*d)->interval) + ((*d)->paired ? " *" : "") +
                                     ((*d)->depends_on_run_length ? " !" : "")
                               : "-");
      }
    }
    cells.push_back(line);
  }
  print_aligned(out, cells, 2);
  for (std::size_t k = 0; k < labels.size(); ++k) {
    for (const auto& system : systems) {
      if (!system.warnings[k].empty()) fmt::print(out, "  ! [{}] {}: {}\n", k + 1, system.code, system.warnings[k]);
    }
  }
}

void print_systems_csv(std::FILE* out, const std::vector<std::string>& labels,
                       const std::vector<SystemComparison>& systems) {
  for (const auto& system : systems) print_csv_rows(out, labels, system.rows, output::csv_field(system.code) + ",");
}

void print_systems_json(std::FILE* out, const std::vector<SystemComparison>& systems) {
  fmt::print(out, "  \"systems\": [\n");
  for (std::size_t i = 0; i < systems.size(); ++i) {
    const auto& system = systems[i];
    fmt::print(out, "    {{\"code\": {}, \"name\": {}, \"region\": {}, \"steady_state_warnings\": [",
               json_string(system.code), json_string(system.name), json_string(system.region));
    for (std::size_t k = 0; k < system.warnings.size(); ++k) {
      fmt::print(out, "{}{}", k ? ", " : "", system.warnings[k].empty() ? "null" : json_string(system.warnings[k]));
    }
    fmt::print(out, "], \"measures\": [\n");
    print_measures_json(out, system.rows, system.warnings.size(), "      ");
    fmt::print(out, "    ]}}{}\n", i + 1 < systems.size() ? "," : "");
  }
  fmt::print(out, "  ]");
}

}  // namespace careflow::cli
