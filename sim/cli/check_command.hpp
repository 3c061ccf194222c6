#pragma once
// `careflow check FILE`: validates a scenario and prints the offered load and utilisation of
// every unit from the care network's traffic equations, warning where demand exceeds capacity.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace careflow::cli {

struct CheckOptions {
  std::string scenario;
  std::vector<std::string> sets;
  std::string graph;  ///< write the network as Graphviz DOT here
};

void add_check_command(CLI::App& app, CheckOptions& options);
int check_scenario(const CheckOptions& options);

}  // namespace careflow::cli
