#include "cli/demo_command.hpp"

#include <fmt/core.h>

#include <chrono>
#include <stdexcept>
#include <vector>

#include "demo/multi_server_queue.hpp"
#include "engine/parallelism.hpp"
#include "stats/erlang.hpp"
#include "stats/summary.hpp"

namespace careflow::cli {

void add_demo_command(CLI::App& app, DemoOptions& options) {
  auto* demo = app.add_subcommand(
      "demo", "Run an M/M/c queue on the engine and compare it with the exact Erlang formulas");
  demo->add_option("--servers", options.servers, "Servers (c)")->check(CLI::Range(1, 100000));
  demo->add_option("--arrival-rate", options.arrival_rate, "Arrivals per day")
      ->check(CLI::PositiveNumber);
  demo->add_option("--mean-service", options.mean_service, "Mean service time in days")
      ->check(CLI::PositiveNumber);
  demo->add_option("--days", options.days, "Days simulated per replication")
      ->check(CLI::PositiveNumber);
  demo->add_option("--warmup", options.warmup, "Warm-up days not measured")
      ->check(CLI::NonNegativeNumber);
  demo->add_flag("--loss", options.loss, "No waiting room: M/M/c/c, compared with Erlang B");
  demo->add_option("--replications", options.replications, "Independent replications")
      ->check(CLI::Range(2U, 100000U));
  demo->add_option("--seed", options.seed, "Random seed");
  demo->add_option("--threads", options.threads, "Threads (default: every core)");
}

int run_demo(const DemoOptions& o) {
  if (o.warmup >= o.days) throw std::invalid_argument("--warmup must be shorter than --days");
  const double load = o.arrival_rate * o.mean_service;
  if (!o.loss && load >= o.servers) {
    throw std::invalid_argument(fmt::format(
        "offered load {:.3g} Erlangs needs more than {} servers for a steady state", load,
        o.servers));
  }
  demo::MultiServerConfig config;
  config.servers = o.servers;
  config.arrival_rate = o.arrival_rate;
  config.mean_service = o.mean_service;
  config.warmup_days = o.warmup;
  config.horizon_days = o.days;
  if (o.loss) config.queue_limit = 0;

  const unsigned threads = engine::threads_or_all_cores(o.threads);
  engine::ThreadScope scope(threads);
  const auto started = std::chrono::steady_clock::now();
  const auto results = scope.run([&] {
    return engine::run_replications<demo::MultiServerResult>(
        o.replications, [&](std::size_t r) { return demo::simulate_multi_server(config, o.seed, r); });
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<double> measure;
  std::uint64_t events = 0;
  for (const auto& r : results) {
    measure.push_back(o.loss ? r.blocking_probability() : r.mean_wait_days());
    events += r.events;
  }
  const auto interval = stats::mean_interval(measure);
  const double exact = o.loss ? stats::erlang_b(o.servers, load)
                              : stats::mmc_mean_wait(o.servers, o.arrival_rate, 1.0 / o.mean_service);

  fmt::print("careflow demo: {} queue on the engine\n", o.loss ? "M/M/c/c loss" : "M/M/c");
  fmt::print("  servers {}, arrivals {:g}/day, mean service {:g} days, load {:.3g} Erlangs\n",
             o.servers, o.arrival_rate, o.mean_service, load);
  fmt::print("  {} replications of {:g} days ({:g} warm-up), seed {}, {} threads\n\n",
             o.replications, o.days, o.warmup, o.seed, scope.threads());
  fmt::print("  {:<24} {:>12} {:>12} {:>12}\n", "measure", "simulated", "95% CI +/-", "exact");
  fmt::print("  {:<24} {:>12.5f} {:>12.5f} {:>12.5f}  ({})\n",
             o.loss ? "P(arrival blocked)" : "mean wait (days)", interval.mean,
             interval.half_width, exact, o.loss ? "Erlang B" : "Erlang C");
  const bool inside = exact >= interval.low() && exact <= interval.high();
  fmt::print("  exact value {} the 95% confidence interval\n\n", inside ? "inside" : "OUTSIDE");
  fmt::print("  {} events in {:.3f} s ({:.3g} events per second)\n", events, seconds,
             static_cast<double>(events) / seconds);
  return 0;
}

}  // namespace careflow::cli
