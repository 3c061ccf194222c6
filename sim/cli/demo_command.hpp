#pragma once
// `careflow demo`: an M/M/c (or M/M/c/c) queue run on the engine with replications in parallel,
// printed beside the exact Erlang C (or B) answer.

#include <CLI/CLI.hpp>
#include <cstdint>

namespace careflow::cli {

struct DemoOptions {
  int servers = 3;
  double arrival_rate = 2.4;
  double mean_service = 1.0;
  double days = 20'000.0;
  double warmup = 1'000.0;
  bool loss = false;
  unsigned replications = 10;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0: every core
};

void add_demo_command(CLI::App& app, DemoOptions& options);
int run_demo(const DemoOptions& options);

}  // namespace careflow::cli
