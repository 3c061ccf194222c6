#include "serve/results_csv.hpp"

#include <fmt/core.h>

#include "output/csv_field.hpp"

namespace careflow::serve {
namespace {

std::string number(const nlohmann::json& interval, const char* member) {
  if (interval.is_null() || interval[member].is_null()) return "";
  return fmt::format("{:.17g}", interval[member].get<double>());
}

}  // namespace

std::string results_csv(const nlohmann::json& comparison) {
  std::string out =
      "measure,unit,unchanged_mean,unchanged_ci_half_width,changed_mean,changed_ci_half_width,difference_mean,"
      "difference_ci_half_width,paired\n";
  for (const auto& m : comparison["measures"]) {
    const auto& d = m["difference"];
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", output::csv_field(m["name"].get<std::string>()),
                       output::csv_field(m["unit"].get<std::string>()), number(m["unchanged"], "mean"),
                       number(m["unchanged"], "ci_half_width"), number(m["changed"], "mean"),
                       number(m["changed"], "ci_half_width"), number(d, "mean"), number(d, "ci_half_width"),
                       d.is_null() ? "" : (d["paired"].get<bool>() ? "true" : "false"));
  }
  return out;
}

}  // namespace careflow::serve
