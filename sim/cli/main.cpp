// careflow: the command line. Parses arguments, runs the job, maps failures to exit codes:
// 0 success, 2 bad input or usage, 1 any other failure.

#include <CLI/CLI.hpp>
#include <exception>
#include <string>
#include <fmt/core.h>

#include "cli/check_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/demo_command.hpp"
#include "cli/interrupt.hpp"
#include "cli/params_command.hpp"
#include "cli/report_command.hpp"
#include "cli/run_command.hpp"
#include "cli/sensitivity_command.hpp"
#include "cli/serve_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/version.hpp"
#include "engine/process_memory.hpp"
#include "output/output_error.hpp"
#include "scenario/scenario_error.hpp"

int main(int argc, char** argv) {
  careflow::engine::retain_freed_memory();
  careflow::cli::stop_cleanly_on_interrupt();
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
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (app.got_subcommand("run")) {
      const bool trace_given = app.get_subcommand("run")->count("--trace") > 0;
      return careflow::cli::run_scenario(run, command_line, trace_given);
    }
    if (app.got_subcommand("sweep")) return careflow::cli::run_sweep_command(sweep, command_line);
    if (app.got_subcommand("sensitivity")) return careflow::cli::print_sensitivity(sensitivity);
    if (app.got_subcommand("check")) return careflow::cli::check_scenario(check);
    if (app.got_subcommand("compare")) return careflow::cli::compare_traces(compare);
    if (app.got_subcommand("report")) return careflow::cli::write_report(report);
    if (app.got_subcommand("params")) return careflow::cli::print_params(params);
    if (app.got_subcommand("demo")) return careflow::cli::run_demo(demo);
    if (app.got_subcommand("serve")) return careflow::cli::serve(serve);
  } catch (const careflow::scenario::ScenarioError& e) {
    fmt::print(stderr, "careflow: error: {}\n", e.what());
    return 2;
  } catch (const careflow::output::OutputError& e) {
    fmt::print(stderr, "careflow: error: {}\n", e.what());
    return 2;
  } catch (const careflow::output::WriteFailure& e) {
    fmt::print(stderr, "careflow: error: {}; stopped without writing output\n", e.what());
    return 1;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "careflow: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "careflow: internal error: {}\n", e.what());
    return 1;
  }
  return 1;
}
