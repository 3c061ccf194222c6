#include "experiment/sweep_trace.hpp"

#include <fmt/core.h>

#include <cmath>
#include <ctime>
#include <map>

#include "output/hdf5_file.hpp"
#include "output/output_error.hpp"
#include "output/timestamp.hpp"
#include "output/temporary_path.hpp"
#include "stats/summary.hpp"

namespace careflow::experiment {
namespace {

namespace h5 = output::h5;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void write_header(const h5::Handle& root, const SweepPlan& plan, const SweepJournal& journal,
                  const std::string& version) {
  const auto& s = plan.spec;
  h5::set_attribute(root, "format", std::string(kSweepFormat));
  h5::set_attribute(root, "format_version", kSweepFormatVersion);
  h5::set_attribute(root, "careflow_version", version);
  h5::set_attribute(root, "command_line", journal.command_line());
  h5::set_attribute(root, "created", output::utc_timestamp());
  h5::set_attribute(root, "complete", std::int64_t{1});
  h5::set_attribute(root, "sweep_name", s.name);
  h5::set_attribute(root, "sweep_description", s.description);
  h5::set_attribute(root, "sweep_file", s.file);
  h5::set_attribute(root, "sweep_text", s.text);
  h5::set_attribute(root, "scenario_name", plan.base.name);
  h5::set_attribute(root, "scenario_file", s.scenario_file);
  h5::set_attribute(root, "scenario_text", plan.base.source_text);
  h5::set_attribute(root, "design", std::string(design_name(s.design)));
  h5::set_attribute(root, "seed", static_cast<std::int64_t>(plan.base.run.seed));
  h5::set_attribute(root, "replications", static_cast<std::int64_t>(plan.replications()));
  h5::set_attribute(root, "points", static_cast<std::int64_t>(plan.points()));
  h5::set_attribute(root, "samples", static_cast<std::int64_t>(s.samples));
  h5::set_attribute(root, "days", plan.base.run.days);
  h5::set_attribute(root, "warmup_rule", std::string(plan.base.run.warmup_auto ? "MSER-5" : "fixed"));
  if (s.design == Design::morris) {
    h5::set_attribute(root, "morris_levels", static_cast<std::int64_t>(s.morris_levels));
    h5::set_attribute(root, "morris_delta", morris_delta(s.morris_levels));
  }
}

void write_factors(const h5::Handle& root, const SweepSpec& s) {
  const h5::Handle group = h5::create_group(root, "factors");
  std::vector<std::string> names, labels, keys, modes, distributions, levels;
  std::vector<double> low, high;
  for (const auto& f : s.factors) {
    names.push_back(f.name);
    labels.push_back(f.label);
    keys.push_back(joined(f.keys));
    modes.emplace_back(f.scales ? "scale" : "set");
    distributions.emplace_back(distribution_name(f.distribution));
    std::vector<std::string> shown_levels;
    for (const auto& l : f.levels) shown_levels.push_back(shown(l));
    levels.push_back(joined(shown_levels));
    const bool range = f.distribution != Distribution::levels;
    low.push_back(range ? f.low : std::nan(""));
    high.push_back(range ? f.high : std::nan(""));
  }
  h5::write_strings(group, "name", names);
  h5::write_strings(group, "label", labels);
  h5::write_strings(group, "keys", keys);
  h5::write_strings(group, "mode", modes);
  h5::write_strings(group, "distribution", distributions);
  h5::write_strings(group, "levels", levels);
  h5::write_column(group, "low", low);
  h5::write_column(group, "high", high);
}

// The factors' values, one column each: numbers as float64, switches as uint8, words as text.
void write_factor_values(const h5::Handle& points, const SweepPlan& plan) {
  for (std::size_t f = 0; f < plan.spec.factors.size(); ++f) {
    const auto& first = plan.values.front()[f];
    const auto& name = plan.spec.factors[f].name;
    if (std::holds_alternative<double>(first)) {
      std::vector<double> column;
      for (const auto& v : plan.values) column.push_back(std::get<double>(v[f]));
      h5::write_column(points, name, column);
    } else if (std::holds_alternative<bool>(first)) {
      std::vector<std::uint8_t> column;
      for (const auto& v : plan.values) column.push_back(std::get<bool>(v[f]) ? 1 : 0);
      h5::write_column(points, name, column);
    } else {
      std::vector<std::string> column;
      for (const auto& v : plan.values) column.push_back(std::get<std::string>(v[f]));
      h5::write_strings(points, name, column);
    }
  }
}

void write_sweep(const h5::Handle& file, const SweepPlan& plan, const SweepJournal& journal,
                 const std::string& version) {
  write_header(file, plan, journal, version);
  write_factors(file, plan.spec);
  const std::size_t points = plan.points(), replications = static_cast<std::size_t>(plan.replications());
  const std::size_t measures = plan.measure_names.size();

  const h5::Handle measure_group = h5::create_group(file, "measures");
  h5::write_strings(measure_group, "name", plan.measure_names);
  h5::write_strings(measure_group, "unit", plan.measure_units);

  const h5::Handle results = h5::create_group(file, "results");
  const h5::Handle summary = h5::create_group(file, "summary");
  const h5::Handle means = h5::create_group(summary, "mean");
  const h5::Handle half_widths = h5::create_group(summary, "half_width");
  const h5::Handle steady = h5::create_group(file, "steady_state");
  h5::ColumnAppender<std::uint32_t> result_point(results, "point"), result_replication(results, "replication");
  std::vector<h5::ColumnAppender<double>> value_columns, mean_columns, half_width_columns;
  for (const auto& name : plan.measure_names) {
    value_columns.emplace_back(results, name);
    mean_columns.emplace_back(means, name);
    half_width_columns.emplace_back(half_widths, name);
  }
  h5::ColumnAppender<std::uint32_t> level_point(steady, "point");
  h5::ColumnAppender<std::uint16_t> level_code(steady, "level");
  h5::ColumnAppender<double> slope(steady, "slope_per_day"), lower(steady, "lower_per_day"),
      material(steady, "material_growth");
  h5::ColumnAppender<std::uint8_t> rising(steady, "rising");

  std::vector<double> warmup(points);
  std::vector<std::uint8_t> in_steady_state(points);
  std::vector<std::string> warnings(points);
  std::vector<std::int64_t> events(points);
  std::map<std::string, std::uint16_t> level_codes;
  std::vector<std::string> level_names;
  std::string method;
  std::size_t seen = 0;
  std::vector<double> values;
  journal.for_each([&](const PointResult& r) {
    ++seen;
    warmup[r.point] = r.warmup_days;
    warnings[r.point] = r.steady_state.warning();
    in_steady_state[r.point] = warnings[r.point].empty() ? 1 : 0;
    for (auto e : r.events) events[r.point] += static_cast<std::int64_t>(e);
    method = r.steady_state.method;
    for (std::size_t rep = 0; rep < replications; ++rep) {
      result_point.append(static_cast<std::uint32_t>(r.point));
      result_replication.append(static_cast<std::uint32_t>(rep));
      for (std::size_t m = 0; m < measures; ++m) value_columns[m].append(r.values[rep * measures + m]);
    }
    for (std::size_t m = 0; m < measures; ++m) {
      values.clear();
      for (std::size_t rep = 0; rep < replications; ++rep) {
        const double v = r.values[rep * measures + m];
        if (std::isfinite(v)) values.push_back(v);
      }
      const bool whole = values.size() == replications;
      const auto ci = whole ? stats::mean_interval(values) : stats::Interval{std::nan(""), std::nan("")};
      mean_columns[m].append(ci.mean);
      half_width_columns[m].append(ci.half_width);
    }
    for (const auto& level : r.steady_state.levels) {
      const auto [at, added] = level_codes.emplace(level.level, static_cast<std::uint16_t>(level_names.size()));
      if (added) level_names.push_back(level.level);
      level_point.append(static_cast<std::uint32_t>(r.point));
      level_code.append(at->second);
      slope.append(level.slope_per_day);
      lower.append(level.lower_per_day);
      material.append(level.material_growth);
      rising.append(level.rising ? 1 : 0);
    }
  });
  if (seen != points) {
    throw output::WriteFailure(fmt::format("{}: holds {} of the sweep's {} points", journal.path().string(), seen, points));
  }
  result_point.close();
  result_replication.close();
  for (auto& c : value_columns) c.close();
  for (auto& c : mean_columns) c.close();
  for (auto& c : half_width_columns) c.close();
  level_point.close();
  level_code.close();
  slope.close();
  lower.close();
  material.close();
  rising.close();
  h5::write_strings(steady, "level_names", level_names);
  h5::set_attribute(steady, "method", method);

  const h5::Handle point_group = h5::create_group(file, "points");
  std::vector<std::uint32_t> index(points);
  for (std::size_t p = 0; p < points; ++p) index[p] = static_cast<std::uint32_t>(p);
  h5::write_column(point_group, "point", index);
  write_factor_values(point_group, plan);
  for (const auto& c : plan.design.columns) h5::write_column(point_group, c.name, c.values);
  h5::write_column(point_group, "warmup_days", warmup);
  h5::write_column(point_group, "steady", in_steady_state);
  h5::write_strings(point_group, "steady_state_warning", warnings);
  h5::write_column(point_group, "events", events);
  const h5::Handle unit = h5::create_group(file, "points_unit");
  for (std::size_t f = 0; f < plan.spec.factors.size(); ++f) {
    std::vector<double> u(points);
    for (std::size_t p = 0; p < points; ++p) u[p] = plan.design.unit[p][f];
    h5::write_column(unit, plan.spec.factors[f].name, u);
  }

  std::vector<std::size_t> not_steady;
  for (std::size_t p = 0; p < points; ++p) {
    if (!in_steady_state[p]) not_steady.push_back(p);
  }
  h5::set_attribute(file, "points_not_in_steady_state", static_cast<std::int64_t>(not_steady.size()));
  h5::set_attribute(file, "steady_state_warning", sweep_steady_state_warning(not_steady.size(), points, not_steady));
}

}  // namespace

std::string sweep_steady_state_warning(std::size_t rising_points, std::size_t points,
                                       const std::vector<std::size_t>& first_few) {
  if (rising_points == 0) return "";
  std::string list;
  for (std::size_t i = 0; i < first_few.size() && i < 12; ++i) list += fmt::format("{}{}", i ? ", " : "", first_few[i]);
  if (first_few.size() > 12) list += ", ...";
  return fmt::format("{} of {} points not in steady state (point{} {}): their results depend on the run length",
                     rising_points, points, rising_points == 1 ? "" : "s", list);
}

void write_sweep_trace(const std::filesystem::path& out, const SweepPlan& plan, const SweepJournal& journal,
                       const std::string& careflow_version) {
  output::TemporaryPath path(out);
  {
    h5::Handle file = h5::create_file(path.temporary().string());
    write_sweep(file, plan, journal, careflow_version);
    file.close(out.string());
  }
  path.commit();
}

}  // namespace careflow::experiment
