// careflow: the command line. Parses arguments, runs the job, maps failures to exit codes:
// 0 success, 2 bad input or usage, 1 any other failure. Launched by mpirun (a build with MPI),
// `run` and `sweep` spread over the ranks; rank 0 prints and writes.

#include <CLI/CLI.hpp>
#include <exception>
#include <string>
#include <fmt/core.h>

#include "cli/check_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/interrupt.hpp"
#include "cli/params_command.hpp"
#include "cli/rank_setup.hpp"
#include "cli/report_command.hpp"
#include "cli/run_command.hpp"
#include "cli/sensitivity_command.hpp"
#include "cli/serve_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/version.hpp"
#include "engine/process_memory.hpp"
#include "output/output_error.hpp"
#include "scenario/scenario_error.hpp"

#if CAREFLOW_HAVE_MPI
#include "engine_mpi/mpi_session.hpp"
#endif

namespace {

// One process, or one rank of an MPI launch.
class Launch {
 public:
  Launch(int& argc, char**& argv)
#if CAREFLOW_HAVE_MPI
      : mpi_(argc, argv)
#endif
  {
    (void)argc;
    (void)argv;
  }
  careflow::engine::RankExchange* world() {
#if CAREFLOW_HAVE_MPI
    return mpi_.exchange();
#else
    return nullptr;
#endif
  }
  int rank() { return world() ? world()->rank() : 0; }
  int ranks() { return world() ? world()->ranks() : 1; }

  /// Says why careflow stops and returns the exit code; once a run spans several ranks, ends
  /// every rank at once instead (the others would wait for this one for ever).
  int fail(int exit_code, const std::string& message) {
#if CAREFLOW_HAVE_MPI
    if (careflow::cli::running_over_ranks()) mpi_.abort(message, exit_code);
#endif
    if (rank() == 0) fmt::print(stderr, "{}\n", message);
    return exit_code;
  }

 private:
#if CAREFLOW_HAVE_MPI
  careflow::engine_mpi::MpiSession mpi_;
#endif
};

}  // namespace

int main(int argc, char** argv) {
  careflow::engine::retain_freed_memory();
  Launch launch(argc, argv);
  careflow::cli::stop_cleanly_on_interrupt();
  if (launch.ranks() > 1) {
    careflow::cli::set_interrupt_message(fmt::format(
        "rank {} of {} stopped without writing output (mpirun stops every rank when one fails or is interrupted)",
        launch.rank(), launch.ranks()));
  }
  CLI::App app{"careflow: simulate patient flow from hospital into community care"};
  app.set_version_flag("--version", std::string(careflow::cli::kVersion));
  app.require_subcommand(1);

  careflow::cli::RunOptions run;
  careflow::cli::add_run_command(app, run);
  careflow::cli::CheckOptions check;
  careflow::cli::add_check_command(app, check);
  careflow::cli::ParamsOptions params;
  careflow::cli::add_params_command(app, params);
  careflow::cli::CompareOptions compare;
  careflow::cli::add_compare_command(app, compare);
  careflow::cli::ReportOptions report;
  careflow::cli::add_report_command(app, report);
  careflow::cli::SweepOptions sweep;
  careflow::cli::add_sweep_command(app, sweep);
  careflow::cli::SensitivityOptions sensitivity;
  careflow::cli::add_sensitivity_command(app, sensitivity);
  careflow::cli::DemoOptions demo;
  careflow::cli::add_demo_command(app, demo);
  careflow::cli::ServeOptions serve;
  careflow::cli::add_serve_command(app, serve);

  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments; rank 0 says what is wrong.
    const int code = launch.rank() == 0 ? app.exit(e) : e.get_exit_code();
    return code == 0 ? 0 : 2;
  }
  try {
    if (app.got_subcommand("run")) {
      const bool trace_given = app.get_subcommand("run")->count("--trace") > 0;
      return careflow::cli::run_scenario(run, command_line, trace_given, launch.world());
    }
    if (app.got_subcommand("sweep")) return careflow::cli::run_sweep_command(sweep, command_line, launch.world());
    if (launch.ranks() > 1) {
      return launch.fail(2, "careflow: error: only run and sweep spread over MPI ranks; run " +
                                app.get_subcommands().front()->get_name() + " as one process (without mpirun)");
    }
    if (app.got_subcommand("sensitivity")) return careflow::cli::print_sensitivity(sensitivity);
    if (app.got_subcommand("check")) return careflow::cli::check_scenario(check);
    if (app.got_subcommand("compare")) return careflow::cli::compare_traces(compare);
    if (app.got_subcommand("report")) return careflow::cli::write_report(report);
    if (app.got_subcommand("params")) return careflow::cli::print_params(params);
    if (app.got_subcommand("demo")) return careflow::cli::run_demo(demo);
    if (app.got_subcommand("serve")) return careflow::cli::serve(serve);
  } catch (const careflow::cli::SetupFailedElsewhere&) {
    return 2;  // rank 0 says why
  } catch (const careflow::scenario::ScenarioError& e) {
    return launch.fail(2, fmt::format("careflow: error: {}", e.what()));
  } catch (const careflow::output::OutputError& e) {
    return launch.fail(2, fmt::format("careflow: error: {}", e.what()));
  } catch (const careflow::output::WriteFailure& e) {
    return launch.fail(1, fmt::format("careflow: error: {}; stopped without writing output", e.what()));
  } catch (const std::invalid_argument& e) {
    return launch.fail(2, fmt::format("careflow: error: {}", e.what()));
  } catch (const std::exception& e) {
    return launch.fail(1, fmt::format("careflow: internal error: {}", e.what()));
  }
  return 1;
}
