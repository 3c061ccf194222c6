#pragma once
// `careflow params`: every scenario parameter with its unit, default and meaning.

#include <CLI/CLI.hpp>

namespace careflow::cli {

struct ParamsOptions {
  bool markdown = false;
};

void add_params_command(CLI::App& app, ParamsOptions& options);
int print_params(const ParamsOptions& options);

}  // namespace careflow::cli
