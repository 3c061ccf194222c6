#include "cli/sensitivity_command.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

#include "cli/json_text.hpp"
#include "cli/text_table.hpp"
#include "experiment/sweep_reader.hpp"
#include "output/csv_field.hpp"
#include "stats/sensitivity.hpp"

namespace careflow::cli {
namespace {

using experiment::SweepData;

constexpr std::size_t kLatinHypercubeBins = 5;

// One estimate: the same rows feed the table, the CSV and the JSON.
struct Row {
  std::string measure, unit, method, factor, level, statistic;
  double value = 0, low = NAN, high = NAN;
};

struct Report {
  std::vector<Row> rows;
  std::vector<std::string> skipped;  ///< measures left out, and why
};

std::vector<double> point_means(const std::vector<std::vector<double>>& values) {
  std::vector<double> means;
  for (const auto& replications : values) {
    double sum = 0;
    for (double v : replications) sum += v;
    means.push_back(sum / static_cast<double>(replications.size()));
  }
  return means;
}

void sobol_rows(const SweepData& d, const std::vector<double>& y, const stats::BootstrapOptions& boot,
                const Row& base, std::vector<Row>& rows) {
  const auto& matrix = d.design_columns.at("sobol_matrix");
  const auto& sample = d.design_columns.at("sobol_sample");
  const auto& factor = d.design_columns.at("sobol_factor");
  const std::size_t k = d.factor_names.size();
  const auto samples = static_cast<std::size_t>(*std::max_element(sample.begin(), sample.end()) + 1);
  std::vector<double> a(samples), b(samples);
  std::vector<std::vector<double>> ab(k, std::vector<double>(samples));
  for (std::size_t p = 0; p < y.size(); ++p) {
    const auto j = static_cast<std::size_t>(sample[p]);
    if (matrix[p] == 0) a[j] = y[p];
    if (matrix[p] == 1) b[j] = y[p];
    if (matrix[p] == 2) ab[static_cast<std::size_t>(factor[p])][j] = y[p];
  }
  const auto s = stats::sobol_indices(a, b, ab, boot);
  for (std::size_t i = 0; i < k; ++i) {
    for (const auto& [name, e] : {std::pair{"S1", s.first[i]}, std::pair{"ST", s.total[i]}}) {
      Row r = base;
      r.method = "sobol";
      r.factor = d.factor_names[i];
      r.statistic = name;
      r.value = e.value, r.low = e.low, r.high = e.high;
      rows.push_back(r);
    }
  }
  Row sum = base;
  sum.method = "sobol";
  sum.statistic = "sum S1";
  sum.value = s.first_sum.value, sum.low = s.first_sum.low, sum.high = s.first_sum.high;
  rows.push_back(sum);
}

void morris_rows(const SweepData& d, const std::vector<double>& y, const stats::BootstrapOptions& boot,
                 const Row& base, std::vector<Row>& rows) {
  const auto& step = d.design_columns.at("morris_step");
  const auto& factor = d.design_columns.at("morris_factor");
  const auto& direction = d.design_columns.at("morris_direction");
  std::vector<std::vector<double>> effects(d.factor_names.size());
  for (std::size_t p = 1; p < y.size(); ++p) {
    if (step[p] == 0) continue;  // a trajectory's first point
    effects[static_cast<std::size_t>(factor[p])].push_back((y[p] - y[p - 1]) /
                                                           (static_cast<double>(direction[p]) * d.morris_delta));
  }
  const auto m = stats::morris_effects(effects, boot);
  for (std::size_t i = 0; i < m.size(); ++i) {
    Row r = base;
    r.method = "morris";
    r.factor = d.factor_names[i];
    r.statistic = "mu*";
    r.value = m[i].mu_star.value, r.low = m[i].mu_star.low, r.high = m[i].mu_star.high;
    rows.push_back(r);
    r.statistic = "mu";
    r.value = m[i].mu, r.low = r.high = NAN;
    rows.push_back(r);
    r.statistic = "sigma";
    r.value = m[i].sigma;
    rows.push_back(r);
  }
}

// Grid: one group per distinct value (in increasing order). LHS: equal-count bins by rank.
void main_effect_rows(const SweepData& d, const std::vector<std::vector<double>>& values, const Row& base,
                      std::vector<Row>& rows) {
  const std::size_t points = values.size();
  for (std::size_t f = 0; f < d.factor_names.size(); ++f) {
    const auto& x = d.factor_values[f];
    std::vector<double> distinct = x;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::vector<std::size_t> group(points);
    std::vector<std::string> labels;
    if (d.design == "grid" || distinct.size() <= kLatinHypercubeBins) {
      for (std::size_t p = 0; p < points; ++p) {
        group[p] = static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), x[p]) - distinct.begin());
      }
      for (double v : distinct) labels.push_back(fmt::format("{:g}", v));
    } else {
      std::vector<std::size_t> order(points);
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return x[i] < x[j]; });
      std::vector<double> low(kLatinHypercubeBins, INFINITY), high(kLatinHypercubeBins, -INFINITY);
      for (std::size_t rank = 0; rank < points; ++rank) {
        const std::size_t g = rank * kLatinHypercubeBins / points;
        group[order[rank]] = g;
        low[g] = std::min(low[g], x[order[rank]]);
        high[g] = std::max(high[g], x[order[rank]]);
      }
      for (std::size_t g = 0; g < kLatinHypercubeBins; ++g) labels.push_back(fmt::format("{:.4g} to {:.4g}", low[g], high[g]));
    }
    const auto effects = stats::group_effects(values, group, labels.size());
    for (std::size_t g = 0; g < effects.size(); ++g) {
      Row r = base;
      r.method = "main effect";
      r.factor = d.factor_names[f];
      r.level = labels[g];
      r.statistic = "mean";
      r.value = effects[g].mean.mean;
      r.low = effects[g].mean.low(), r.high = effects[g].mean.high();
      rows.push_back(r);
      if (effects[g].difference) {
        r.statistic = "difference";
        r.value = effects[g].difference->mean;
        r.low = effects[g].difference->low(), r.high = effects[g].difference->high();
        rows.push_back(r);
      }
    }
  }
}

void regression_rows(const SweepData& d, const std::vector<double>& y, const stats::BootstrapOptions& boot,
                     const Row& base, std::vector<Row>& rows) {
  std::vector<std::vector<double>> x(y.size(), std::vector<double>(d.factor_names.size()));
  for (std::size_t p = 0; p < y.size(); ++p) {
    for (std::size_t f = 0; f < d.factor_names.size(); ++f) x[p][f] = d.factor_is_text[f] ? NAN : d.factor_values[f][p];
  }
  // A factor of words has no order to regress on: it is left out (NaN).
  for (auto& row : x) {
    for (std::size_t f = 0; f < row.size(); ++f) {
      if (d.factor_is_text[f]) row[f] = 0;
    }
  }
  const auto fit = stats::standardized_regression(x, y, boot);
  for (std::size_t f = 0; f < d.factor_names.size(); ++f) {
    Row r = base;
    r.method = "SRC";
    r.factor = d.factor_names[f];
    r.statistic = "SRC";
    const auto& e = fit.coefficients[f];
    r.value = d.factor_is_text[f] ? NAN : e.value;
    r.low = e.low, r.high = e.high;
    rows.push_back(r);
  }
  Row r2 = base;
  r2.method = "SRC";
  r2.statistic = "R2";
  r2.value = fit.r_squared;
  rows.push_back(r2);
}

Report analyse(const SweepData& d, const SensitivityOptions& o) {
  Report report;
  std::vector<std::size_t> chosen;
  if (o.measures.empty()) {
    for (std::size_t m = 0; m < d.measure_names.size(); ++m) chosen.push_back(m);
  } else {
    for (const auto& name : o.measures) chosen.push_back(d.measure_index(name));
  }
  const stats::BootstrapOptions boot{.resamples = o.bootstrap, .seed = o.seed};
  for (std::size_t m : chosen) {
    const auto values = d.measure(m);
    const bool finite = std::all_of(values.begin(), values.end(), [](const auto& reps) {
      return std::all_of(reps.begin(), reps.end(), [](double v) { return std::isfinite(v); });
    });
    if (!finite) {
      report.skipped.push_back(d.measure_names[m] + ": not measured at every point (a lever some points switch off)");
      continue;
    }
    const auto y = point_means(values);
    Row base;
    base.measure = d.measure_names[m];
    base.unit = d.measure_units[m];
    if (d.design == "sobol") {
      sobol_rows(d, y, boot, base, report.rows);
    } else if (d.design == "morris") {
      morris_rows(d, y, boot, base, report.rows);
    } else {
      main_effect_rows(d, values, base, report.rows);
      regression_rows(d, y, boot, base, report.rows);
    }
  }
  return report;
}

std::string interval(const Row& r) {
  if (!std::isfinite(r.value)) return "n/a";
  if (!std::isfinite(r.low)) return fmt::format("{:.4g}", r.value);
  return fmt::format("{:.4g} [{:.4g}, {:.4g}]", r.value, r.low, r.high);
}

std::string plus_minus(const Row& r) {
  if (!std::isfinite(r.value)) return "n/a";
  if (!std::isfinite(r.low)) return fmt::format("{:.4g}", r.value);
  return fmt::format("{:.4g} ± {:.2g}", r.value, (r.high - r.low) / 2);
}

void print_table(const SweepData& d, const SensitivityOptions& o, const Report& report) {
  fmt::print("careflow sensitivity: {} ({} design, {} points x {} replications)\n", d.name, d.design, d.points,
             d.replications);
  if (!d.steady_state_warning.empty()) {
    fmt::print("  warning: {}; indices over such points describe this run length only\n", d.steady_state_warning);
  }
  fmt::print("  95% intervals: bootstrap percentiles ({} resamples) for indices, t over replications for means\n",
             o.bootstrap);
  for (const auto& s : report.skipped) fmt::print("  left out: {}\n", s);
  std::string measure;
  for (std::size_t i = 0; i < report.rows.size();) {
    const Row& first = report.rows[i];
    fmt::print("\n  {} ({})\n", first.measure, first.unit);
    std::map<std::string, std::vector<const Row*>> by_method;
    std::vector<std::string> methods;
    std::size_t j = i;
    for (; j < report.rows.size() && report.rows[j].measure == first.measure; ++j) {
      if (!by_method.count(report.rows[j].method)) methods.push_back(report.rows[j].method);
      by_method[report.rows[j].method].push_back(&report.rows[j]);
    }
    for (const auto& method : methods) {
      const auto& rows = by_method[method];
      std::vector<std::vector<std::string>> cells;
      if (method == "sobol") {
        fmt::print("    Sobol indices: first order S1 (Saltelli 2010), total ST (Jansen)\n");
        cells.push_back({"factor", "S1", "ST"});
        for (std::size_t k = 0; k + 1 < rows.size(); k += 2) cells.push_back({rows[k]->factor, interval(*rows[k]), interval(*rows[k + 1])});
        cells.push_back({"sum of S1", interval(*rows.back()), ""});
      } else if (method == "morris") {
        fmt::print("    Morris elementary effects (per unit of each factor's range)\n");
        cells.push_back({"factor", "mu*", "mu", "sigma"});
        for (std::size_t k = 0; k + 2 < rows.size(); k += 3) {
          cells.push_back({rows[k]->factor, interval(*rows[k]), interval(*rows[k + 1]), interval(*rows[k + 2])});
        }
      } else if (method == "main effect") {
        fmt::print("    main effects: mean at each level, and its difference from the level before (paired)\n");
        cells.push_back({"factor", "level", "mean", "difference"});
        for (std::size_t k = 0; k < rows.size(); ++k) {
          if (rows[k]->statistic != "mean") continue;
          const bool has_difference = k + 1 < rows.size() && rows[k + 1]->statistic == "difference";
          cells.push_back({rows[k]->factor, rows[k]->level, plus_minus(*rows[k]), has_difference ? plus_minus(*rows[k + 1]) : ""});
        }
      } else {
        fmt::print("    standardized regression coefficients (R² {:.3f}: the share of variance a linear model explains)\n",
                   rows.back()->value);
        cells.push_back({"factor", "SRC"});
        for (std::size_t k = 0; k + 1 < rows.size(); ++k) cells.push_back({rows[k]->factor, interval(*rows[k])});
      }
      print_aligned(stdout, cells, 1, "    ");
    }
    i = j;
  }
}

void print_csv(const Report& report) {
  fmt::print("measure,unit,method,factor,level,statistic,value,low,high\n");
  auto number = [](double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : std::string(); };
  for (const auto& r : report.rows) {
    fmt::print("{},{},{},{},{},{},{},{},{}\n", output::csv_field(r.measure), output::csv_field(r.unit), r.method,
               output::csv_field(r.factor), output::csv_field(r.level), r.statistic, number(r.value), number(r.low),
               number(r.high));
  }
}

void print_json(std::FILE* out, const SweepData& d, const SensitivityOptions& o, const Report& report) {
  std::vector<std::string> unsteady;
  for (std::size_t p = 0; p < d.steady.size(); ++p) {
    if (!d.steady[p]) unsteady.push_back(std::to_string(p));
  }
  std::string points;
  for (const auto& p : unsteady) points += (points.empty() ? "" : ", ") + p;
  fmt::print(out, "{{\n  \"sweep\": {}, \"file\": {}, \"design\": {}, \"points\": {}, \"replications\": {},\n", json_string(d.name),
             json_string(d.path), json_string(d.design), d.points, d.replications);
  fmt::print(out, "  \"level\": 0.95, \"bootstrap_resamples\": {},\n", o.bootstrap);
  fmt::print(out, "  \"steady_state_warning\": {}, \"points_not_in_steady_state\": [{}],\n",
             d.steady_state_warning.empty() ? "null" : json_string(d.steady_state_warning), points);
  std::string skipped;
  for (const auto& s : report.skipped) skipped += (skipped.empty() ? "" : ", ") + json_string(s);
  fmt::print(out, "  \"left_out\": [{}],\n  \"rows\": [\n", skipped);
  for (std::size_t i = 0; i < report.rows.size(); ++i) {
    const auto& r = report.rows[i];
    fmt::print(out, "    {{\"measure\": {}, \"unit\": {}, \"method\": {}, \"factor\": {}, \"level\": {}, \"statistic\": {}, "
               "\"value\": {}, \"low\": {}, \"high\": {}}}{}\n",
               json_string(r.measure), json_string(r.unit), json_string(r.method), json_string(r.factor),
               json_string(r.level), json_string(r.statistic), json_number(r.value), json_number(r.low),
               json_number(r.high), i + 1 < report.rows.size() ? "," : "");
  }
  fmt::print(out, "  ]\n}}\n");
}

}  // namespace

void add_sensitivity_command(CLI::App& app, SensitivityOptions& o) {
  auto* command = app.add_subcommand("sensitivity", "What each factor of a sweep does to each measure");
  command->add_option("sweep", o.sweep, "A sweep's HDF5 file (careflow sweep --out)")->required();
  command->add_option("--measure", o.measures, "Only this measure (repeatable; default: every kept measure)");
  command->add_option("--format", o.format, "table (default), csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  command->add_option("--bootstrap", o.bootstrap, "Bootstrap resamples for the intervals (default 1000)")
      ->check(CLI::Range(std::size_t{10}, std::size_t{100000}));
  command->add_option("--seed", o.seed, "Seed of the bootstrap (default 1)");
}

void write_sensitivity_json(std::FILE* out, const SensitivityOptions& o) {
  const auto d = experiment::read_sweep(o.sweep);
  print_json(out, d, o, analyse(d, o));
}

int print_sensitivity(const SensitivityOptions& o) {
  const auto d = experiment::read_sweep(o.sweep);
  const auto report = analyse(d, o);
  if (o.format == "json") {
    print_json(stdout, d, o, report);
  } else if (o.format == "csv") {
    print_csv(report);
  } else {
    print_table(d, o, report);
  }
  return 0;
}

}  // namespace careflow::cli
