#include "cli/report_command.hpp"

#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include "cli/compare_command.hpp"
#include "cli/sensitivity_command.hpp"
#include "experiment/sweep_reader.hpp"
#include "cli/stale_temporaries.hpp"
#include "output/output_error.hpp"
#include "output/temporary_path.hpp"

extern char** environ;

namespace careflow::cli {
namespace {

std::string from_environment(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// Runs `arguments` (arguments[0] is the program) and returns its exit code.
int run_program(const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t child = 0;
  const int error = posix_spawn(&child, argv[0], nullptr, nullptr, argv.data(), environ);
  if (error != 0) {
    throw std::runtime_error("cannot run " + arguments[0] + ": " + std::strerror(error) +
                             " (set CAREFLOW_PYTHON to a Python 3 with h5py, pandas and matplotlib)");
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("lost the report script: " + std::string(std::strerror(errno)));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// The figures the script draws from, beside the page: a failure to write them (a full disk) is
// a failure to write the page.
template <class Print>
void write_figures(const std::filesystem::path& path, const std::string& page, const Print& print) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (!file) throw output::OutputError("cannot write " + page + ": " + std::strerror(errno));
  try {
    print(file);
  } catch (const std::system_error& e) {
    std::fclose(file);
    throw output::WriteFailure("cannot write the report " + page + output::os_reason(e.code().value()));
  }
  errno = 0;
  if (std::fclose(file) != 0) {
    throw output::WriteFailure("cannot write the report " + page + output::os_reason(errno));
  }
}

}  // namespace

void add_report_command(CLI::App& app, ReportOptions& o) {
  auto* report = app.add_subcommand("report", "Draw an HTML report comparing runs (HDF5 traces)");
  report->add_option("traces", o.traces, "Trace files (.h5); the first is the reference")->required();
  report->add_option("--html", o.html, "The report page to write")->required();
  report->add_option("--png", o.png, "Also write every chart on one image");
}

namespace {

std::string analysis_script(const std::string& name) {
  const std::string script = from_environment("CAREFLOW_ANALYSIS_DIR", CAREFLOW_ANALYSIS_DIR) + "/" + name;
  if (!std::filesystem::exists(script)) {
    throw std::runtime_error("cannot find the report script " + script +
                             " (set CAREFLOW_ANALYSIS_DIR to careflow's analysis/ folder)");
  }
  return script;
}

// Runs the script and puts the page (and picture) in place when it succeeds.
int finish_report(std::vector<std::string> arguments, output::TemporaryPath& html,
                  std::optional<output::TemporaryPath>& png, const ReportOptions& o) {
  const int status = run_program(arguments);
  if (status == 2) return 2;  // the script has said what was wrong with the input
  // The script exits 1 when it could not write the page or picture (and has said why).
  if (status == 1) throw output::WriteFailure("cannot write the report " + o.html);
  if (status != 0) throw std::runtime_error("the report script failed (exit code " + std::to_string(status) + ")");
  html.commit();
  if (png) png->commit();
  fmt::print("report written to {}{}\n", o.html, png ? " and " + o.png : "");
  return 0;
}

// A sweep's page: its response curves and indices, from `careflow sensitivity`'s figures.
int write_sweep_report(const ReportOptions& o) {
  if (o.traces.size() != 1) {
    throw std::invalid_argument("a sweep's report takes that one sweep file; compare runs' traces, or "
                                "draw each sweep on its own page");
  }
  SensitivityOptions sensitivity;
  sensitivity.sweep = o.traces.front();
  (void)experiment::read_sweep(sensitivity.sweep);  // a damaged sweep fails here, with careflow's message
  const std::string figures_name = o.html + ".sensitivity.json";
  for (const auto& name : {o.html, o.png, figures_name}) {
    if (!name.empty()) clear_stale_temporaries(name);
  }
  output::TemporaryPath html(o.html);
  std::optional<output::TemporaryPath> png;
  if (!o.png.empty()) png.emplace(o.png);
  const output::TemporaryPath figures(figures_name);
  write_figures(figures.temporary(), o.html, [&](std::FILE* out) { write_sensitivity_json(out, sensitivity); });
  std::vector<std::string> arguments{from_environment("CAREFLOW_PYTHON", "/usr/bin/python3"),
                                     analysis_script("sweep_report.py"), "--html", html.temporary().string(),
                                     "--sensitivity", figures.temporary().string()};
  if (png) {
    arguments.push_back("--png");
    arguments.push_back(png->temporary().string());
  }
  arguments.push_back(sensitivity.sweep);
  return finish_report(arguments, html, png, o);
}

}  // namespace

int write_report(const ReportOptions& o) {
  if (experiment::is_sweep_file(o.traces.front())) return write_sweep_report(o);
  // Read and compare in C++ first: bad traces fail here with careflow's own messages, and the
  // page's table holds exactly the figures `careflow compare` prints.
  const auto compared = compare_trace_files(o.traces);
  // The figures handed to the script live beside the page under a temporary name, never committed.
  const std::string comparison_name = o.html + ".comparison.json";
  for (const auto& name : {o.html, o.png, comparison_name}) {
    if (!name.empty()) clear_stale_temporaries(name);
  }
  output::TemporaryPath html(o.html);
  std::optional<output::TemporaryPath> png;
  if (!o.png.empty()) png.emplace(o.png);
  const output::TemporaryPath comparison(comparison_name);
  write_figures(comparison.temporary(), o.html,
                [&](std::FILE* out) { print_comparison_json(out, compared, o.traces); });
  std::vector<std::string> arguments{from_environment("CAREFLOW_PYTHON", "/usr/bin/python3"), analysis_script("report.py"),
                                     "--html", html.temporary().string(), "--comparison",
                                     comparison.temporary().string()};
  if (png) {
    arguments.push_back("--png");
    arguments.push_back(png->temporary().string());
  }
  for (const auto& t : o.traces) arguments.push_back(t);
  return finish_report(arguments, html, png, o);
}

}  // namespace careflow::cli
