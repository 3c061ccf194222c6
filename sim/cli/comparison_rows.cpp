#include "cli/comparison_rows.hpp"

#include <fmt/core.h>

#include <cmath>

#include "cli/json_text.hpp"
#include "output/csv_field.hpp"

namespace careflow::cli {

std::string plus_minus(const stats::Interval& i) {
  if (!std::isfinite(i.half_width)) return fmt::format("{:.4g}", i.mean);
  return fmt::format("{:.4g} ± {:.2g}", i.mean, i.half_width);
}

void print_csv_rows(std::FILE* out, const std::vector<std::string>& labels,
                    const std::vector<stats::MeasureComparison>& rows, const std::string& prefix) {
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < labels.size(); ++k) {
      if (row.not_finite[k]) {
        fmt::print(out, "{}{},{},{},{},{},n/a,,,,,\n", prefix, output::csv_field(row.name), output::csv_field(row.unit),
                   output::csv_field(labels[k]), k + 1, row.replications[k]);
        continue;
      }
      if (!row.scenarios[k]) continue;
      const auto& d = row.differences[k];
      fmt::print(out, "{}{},{},{},{},{},{},{},{},{},{},{}\n", prefix, output::csv_field(row.name),
                 output::csv_field(row.unit), output::csv_field(labels[k]), k + 1, row.replications[k],
                 json_number(row.scenarios[k]->mean),
                 std::isfinite(row.scenarios[k]->half_width) ? json_number(row.scenarios[k]->half_width) : "",
                 d ? json_number(d->interval.mean) : "",
                 d && std::isfinite(d->interval.half_width) ? json_number(d->interval.half_width) : "",
                 d ? (d->paired ? "true" : "false") : "", d ? (d->depends_on_run_length ? "true" : "false") : "");
    }
  }
}

void print_measures_json(std::FILE* out, const std::vector<stats::MeasureComparison>& rows, std::size_t runs,
                         const std::string& indent) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    fmt::print(out, "{}{{\"name\": {}, \"unit\": {}, \"scenarios\": [", indent, json_string(row.name),
               json_string(row.unit));
    for (std::size_t k = 0; k < runs; ++k) {
      const auto& s = row.scenarios[k];
      fmt::print(out, "{}", k ? ", " : "");
      if (row.not_finite[k]) {
        fmt::print(out, "{{\"mean\": null, \"ci_half_width\": null, \"replications\": {}, \"not_finite\": true}}",
                   row.replications[k]);
      } else if (!s) {
        fmt::print(out, "null");
      } else {
        fmt::print(out, "{{\"mean\": {}, \"ci_half_width\": {}, \"replications\": {}}}", json_number(s->mean),
                   json_number(s->half_width), row.replications[k]);
      }
    }
    fmt::print(out, "], \"differences\": [");
    for (std::size_t k = 1; k < runs; ++k) {
      const auto& d = row.differences[k];
      fmt::print(out, "{}", k > 1 ? ", " : "");
      if (!d) {
        fmt::print(out, "null");
      } else {
        fmt::print(out, "{{\"mean\": {}, \"ci_half_width\": {}, \"paired\": {}, \"pairs\": {}, "
                   "\"depends_on_run_length\": {}}}",
                   json_number(d->interval.mean), json_number(d->interval.half_width), d->paired ? "true" : "false",
                   d->pairs, d->depends_on_run_length ? "true" : "false");
      }
    }
    fmt::print(out, "]}}{}\n", i + 1 < rows.size() ? "," : "");
  }
}

}  // namespace careflow::cli
