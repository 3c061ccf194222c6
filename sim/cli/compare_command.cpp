#include "cli/compare_command.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "cli/compare_by_system.hpp"
#include "cli/comparison_rows.hpp"
#include "cli/json_text.hpp"
#include "cli/text_table.hpp"
#include "output/trace_reader.hpp"
#include "stats/comparison.hpp"

namespace careflow::cli {
namespace {

using stats::MeasureComparison;

void print_table(std::FILE* out, const std::vector<stats::ScenarioRuns>& runs,
                 const std::vector<MeasureComparison>& rows) {
  for (std::size_t k = 0; k < runs.size(); ++k) {
    fmt::print(out, "  [{}] {}: {} replications, seed {}\n", k + 1, runs[k].label, runs[k].values.size(),
               runs[k].seed);
  }
  fmt::print(out, "  means with 95% CI; [k]-[1]: difference from the first, paired by replication where "
             "the seeds match (*)\n");
  bool any_unsteady = false;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    if (runs[k].in_steady_state()) continue;
    any_unsteady = true;
    fmt::print(out, "  ! [{}] {}: {}\n", k + 1, runs[k].label, runs[k].steady_state_warning);
  }
  if (any_unsteady) {
    fmt::print(out, "  ! marks a difference involving such a run: it would change with the run length\n");
  }
  fmt::print(out, "\n");
  std::vector<std::string> header{"measure", "unit"};
  for (std::size_t k = 0; k < runs.size(); ++k) header.push_back(fmt::format("[{}]", k + 1));
  for (std::size_t k = 1; k < runs.size(); ++k) header.push_back(fmt::format("[{}]-[1]", k + 1));
  std::vector<std::vector<std::string>> cells{header};
  for (const auto& row : rows) {
    std::vector<std::string> line{row.name, row.unit};
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const auto& s = row.scenarios[k];
      line.push_back(s ? plus_minus(*s) : row.not_finite[k] ? "n/a" : "-");
    }
    for (std::size_t k = 1; k < runs.size(); ++k) {
      const auto& d = row.differences[k];
      line.push_back(d ? plus_minus(d->interval) + (d->paired ? " *" : "") + (d->depends_on_run_length ? " !" : "") : "-");
    }
    cells.push_back(line);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& line : cells) {
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], display_width(line[c]));
  }
  for (const auto& line : cells) {
    std::string text = " ";
    for (std::size_t c = 0; c < line.size(); ++c) {
      const std::size_t pad = width[c] - display_width(line[c]);
      text += " ";
      if (c < 2) {
        text += line[c] + std::string(pad, ' ');
      } else {
        text += std::string(pad, ' ') + line[c];
      }
      text += " ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    fmt::print(out, "{}\n", text);
  }
}

void print_csv(std::FILE* out, const std::vector<std::string>& labels,
               const std::vector<MeasureComparison>& rows) {
  fmt::print(out, "measure,unit,scenario,file,replications,mean,ci_half_width,difference,"
             "difference_ci_half_width,paired,depends_on_run_length\n");
  print_csv_rows(out, labels, rows, "");
}

}  // namespace

void print_comparison_json(std::FILE* out, const ComparedRuns& compared, const std::vector<std::string>& paths) {
  const auto& runs = compared.runs;
  fmt::print(out, "{{\n  \"level\": 0.95,\n  \"scenarios\": [\n");
  for (std::size_t k = 0; k < runs.size(); ++k) {
    fmt::print(out, "    {{\"label\": {}, \"file\": {}, \"seed\": {}, \"replications\": {}, "
               "\"steady_state_warning\": {}}}{}\n",
               json_string(runs[k].label), json_string(paths[k]), runs[k].seed, runs[k].values.size(),
               runs[k].in_steady_state() ? "null" : json_string(runs[k].steady_state_warning),
               k + 1 < runs.size() ? "," : "");
  }
  fmt::print(out, "  ],\n  \"measures\": [\n");
  print_measures_json(out, compared.rows, runs.size(), "    ");
  fmt::print(out, "  ]");
  if (!compared.systems.empty()) {
    fmt::print(out, ",\n");
    print_systems_json(out, compared.systems);
  }
  fmt::print(out, "\n}}\n");
}

namespace {

// A damaged trace may hold NaN or infinite values: those measures are shown as n/a, and said.
void warn_of_values_not_finite(const output::TraceSummary& t) {
  for (std::size_t m = 0; m < t.measure_names.size(); ++m) {
    std::size_t bad = 0;
    for (const auto& replication : t.values) bad += std::isfinite(replication[m]) ? 0 : 1;
    if (bad == 0) continue;
    fmt::print(stderr, "careflow: warning: {}: '{}' is not a finite number in {} of {} replications; shown as n/a\n",
               t.path, t.measure_names[m], bad, t.values.size());
  }
}

std::vector<stats::ScenarioRuns> load_runs(const std::vector<output::TraceSummary>& traces) {
  std::vector<stats::ScenarioRuns> runs;
  std::multiset<std::string> names;
  for (const auto& t : traces) names.insert(t.scenario_name);
  for (const auto& t : traces) {
    // Two runs of one scenario (another seed, say) are told apart by their file names.
    const std::string label = names.count(t.scenario_name) > 1
                                  ? t.scenario_name + " (" + std::filesystem::path(t.path).filename().string() + ")"
                                  : t.scenario_name;
    runs.push_back({label, t.seed, t.measure_names, t.measure_units, t.values, t.steady_state_warning});
    warn_of_values_not_finite(t);
  }
  return runs;
}

}  // namespace

void add_compare_command(CLI::App& app, CompareOptions& o) {
  auto* compare = app.add_subcommand(
      "compare", "Compare runs (HDF5 traces): every measure with its 95% CI, and differences from the first");
  compare->add_option("traces", o.traces, "Trace files (.h5); the first is the reference")->required();
  compare->add_option("--format", o.format, "table (default), csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  compare->add_flag("--by-ics", o.by_system,
                    "Runs of several care systems (England): also compare care system by care system "
                    "(the table shows --measure; CSV every measure, after a system column)");
  compare->add_option("--measure", o.system_measures,
                      "A measure for the per-care-system table (repeatable; default: occupancy, NCTR, "
                      "delay days, ED wait)");
}

ComparedRuns compare_trace_files(const std::vector<std::string>& paths) {
  std::vector<output::TraceSummary> traces;
  for (const auto& path : paths) traces.push_back(output::read_trace_summary(path));
  ComparedRuns compared{load_runs(traces), {}, {}, {}};
  compared.rows = stats::compare_scenarios(compared.runs);
  std::vector<std::string> labels;
  for (const auto& run : compared.runs) labels.push_back(run.label);
  compared.systems = compare_by_system(traces, labels, compared.why_not_by_system);
  return compared;
}

int compare_traces(const CompareOptions& o) {
  const auto compared = compare_trace_files(o.traces);
  std::vector<std::string> labels;
  for (const auto& run : compared.runs) labels.push_back(run.label);
  if (o.by_system && compared.systems.empty()) throw std::invalid_argument(compared.why_not_by_system);
  const auto measures = o.system_measures.empty() ? default_system_measures() : o.system_measures;
  if (o.by_system) {
    for (const auto& m : measures) {
      const auto& rows = compared.systems.front().rows;
      if (std::none_of(rows.begin(), rows.end(), [&](const MeasureComparison& r) { return r.name == m; })) {
        throw std::invalid_argument("--measure '" + m + "' is not a measure of these traces");
      }
    }
  }
  if (o.format == "json") {
    print_comparison_json(stdout, compared, o.traces);
  } else if (o.format == "csv") {
    print_csv(stdout, labels, compared.rows);
    if (o.by_system) {
      fmt::print(stdout, "system,measure,unit,scenario,file,replications,mean,ci_half_width,difference,"
                 "difference_ci_half_width,paired,depends_on_run_length\n");
      print_systems_csv(stdout, labels, compared.systems);
    }
  } else {
    print_table(stdout, compared.runs, compared.rows);
    if (o.by_system) print_systems_table(stdout, labels, compared.systems, measures);
  }
  return 0;
}

}  // namespace careflow::cli
