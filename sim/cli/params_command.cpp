#include "cli/params_command.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>

#include "scenario/parameters.hpp"

namespace careflow::cli {

void add_params_command(CLI::App& app, ParamsOptions& o) {
  auto* params = app.add_subcommand("params", "List every scenario parameter: unit, default, meaning");
  params->add_flag("--markdown", o.markdown, "Print the table as Markdown (docs/scenarios.md)");
}

int print_params(const ParamsOptions& o) {
  if (o.markdown) {
    fmt::print("{}", scenario::parameter_docs_markdown());
    return 0;
  }
  std::size_t key_width = 3, unit_width = 4;
  for (const auto& d : scenario::parameter_docs()) {
    key_width = std::max(key_width, std::strlen(d.key));
    unit_width = std::max(unit_width, std::strlen(d.unit));
  }
  fmt::print("{:<{}}  {:<{}}  {}\n", "key", key_width, "unit", unit_width, "default: meaning");
  for (const auto& d : scenario::parameter_docs()) {
    fmt::print("{:<{}}  {:<{}}  {}: {}\n", d.key, key_width, d.unit, unit_width, d.default_value,
               d.meaning);
  }
  return 0;
}

}  // namespace careflow::cli
