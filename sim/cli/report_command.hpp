#pragma once
// `careflow report A.h5 B.h5 ... --html report.html`: one self-contained HTML page with charts
// and a table of key measures, drawn by analysis/report.py (Python with h5py, pandas and
// matplotlib) from the traces and `compare`'s figures. The page is written under a temporary
// name and renamed into place when complete.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace careflow::cli {

struct ReportOptions {
  std::vector<std::string> traces;
  std::string html;
  std::string png;
};

void add_report_command(CLI::App& app, ReportOptions& options);
int write_report(const ReportOptions& options);

}  // namespace careflow::cli
