// phold: the PHOLD benchmark as a standalone program. The last line printed is JSON with
// events, seconds, events_per_second, checksum and ranks; the checksum is the same for any
// --threads and, launched by mpirun (a build with MPI), any number of ranks. Rank 0 alone prints.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <exception>
#include <thread>

#include "engine/parallelism.hpp"
#include "phold/phold_model.hpp"

#if CAREFLOW_HAVE_MPI
#include "engine_mpi/mpi_session.hpp"
#endif

int main(int argc, char** argv) {
  careflow::phold::PholdConfig config;
  unsigned threads = 1;
  CLI::App app{"PHOLD benchmark on the careflow engine"};
  app.add_option("--lps", config.lps, "Logical processes")->check(CLI::Range(1U, 1U << 20));
  app.add_option("--events-per-lp", config.events_per_lp, "Initial events per LP");
  app.add_option("--remote", config.remote, "Probability an event goes to a random LP")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--lookahead", config.lookahead, "Least delay of every event (time units)")
      ->check(CLI::PositiveNumber);
  app.add_option("--mean", config.mean, "Mean of the exponential part of the delay")
      ->check(CLI::PositiveNumber);
  app.add_option("--end", config.end, "No event is created at or past this time")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", config.seed, "Random seed");
  app.add_option("--threads", threads, "Worker threads")->check(CLI::Range(1U, 1024U));
#if CAREFLOW_HAVE_MPI
  careflow::engine_mpi::MpiSession mpi(argc, argv);
  careflow::engine::RankExchange* ranks = mpi.exchange();
  const bool speaks = mpi.rank() == 0;
#else
  careflow::engine::RankExchange* ranks = nullptr;
  const bool speaks = true;
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments; one says what is wrong.
    const int code = speaks ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 2);
    return code == 0 ? 0 : 2;
  }
  try {
    careflow::phold::PholdResult result;
    careflow::engine::ThreadScope scope(threads);
    const auto started = std::chrono::steady_clock::now();
    try {
      result = scope.run([&] { return careflow::phold::run_phold(config, ranks); });
    } catch (const std::invalid_argument&) {
      throw;  // the same on every rank, before any message
    } catch (const std::exception& e) {
#if CAREFLOW_HAVE_MPI
      if (ranks) mpi.abort(fmt::format("phold: error: {}", e.what()), 1);
#endif
      throw;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!speaks) return 0;
    fmt::print("phold: {} LPs, {} events per LP, remote {}, lookahead {}, mean {}, end {}, "
               "seed {}, {} ranks x {} threads, {} windows, {} messages between ranks\n",
               config.lps, config.events_per_lp, config.remote, config.lookahead, config.mean,
               config.end, config.seed, result.ranks, threads, result.windows,
               result.messages_between_ranks);
    fmt::print("{{\"events\": {}, \"seconds\": {:.6f}, \"events_per_second\": {:.1f}, "
               "\"checksum\": \"{:016x}\", \"ranks\": {}, \"threads\": {}, \"windows\": {}, "
               "\"messages_between_ranks\": {}}}\n",
               result.events, seconds, static_cast<double>(result.events) / seconds,
               result.checksum, result.ranks, threads, result.windows, result.messages_between_ranks);
  } catch (const std::invalid_argument& e) {
    if (speaks) fmt::print(stderr, "phold: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "phold: internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}
