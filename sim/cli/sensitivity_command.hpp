#pragma once
// `careflow sensitivity sweep.h5`: what each factor of a sweep does to each measure, by the
// sweep's design. Sobol designs: first-order (Saltelli 2010) and total (Jansen) indices; Morris:
// mu*, mu and sigma of the elementary effects; grids and Latin hypercubes: main effects (mean
// response per level or bin, paired differences) and standardized regression coefficients. Every
// estimate with a 95% interval; as a table, CSV or JSON.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace careflow::cli {

struct SensitivityOptions {
  std::string sweep;
  std::vector<std::string> measures;
  std::string format = "table";
  std::size_t bootstrap = 1000;
  std::uint64_t seed = 1;
};

void add_sensitivity_command(CLI::App& app, SensitivityOptions& options);
int print_sensitivity(const SensitivityOptions& options);
/// The JSON of `careflow sensitivity --format json` (for the report page).
void write_sensitivity_json(std::FILE* out, const SensitivityOptions& options);

}  // namespace careflow::cli
