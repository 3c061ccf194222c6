#include "serve/board_summary.hpp"

#include <fmt/core.h>

#include <cmath>

namespace careflow::serve {
namespace {

// The measures the line reports, with the words for them.
struct Headline {
  const char* measure;
  const char* words;
};
constexpr Headline kHeadlines[] = {
    {"NCTR patients in acute beds", "the number of medically ready patients in acute beds"},
    {"delay days", "the mean delay from medically ready to discharge"},
    {"acute occupancy", "acute bed occupancy"},
    {"ED wait", "the mean ED wait for a bed"},
    {"cost per day", "the cost per day"},
};

std::string with_thousands(double value, int decimals) {
  const std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
  const auto point = digits.find('.');
  const std::size_t whole = point == std::string::npos ? digits.size() : point;
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < whole && (whole - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The size of a change (no sign): "4.2 percentage points", "£12,300".
std::string amount(double value, const std::string& unit) {
  const double a = std::fabs(value);
  if (unit == "share") return fmt::format("{:.1f} percentage points", 100 * a);
  return readable(a, unit);
}

// A signed change: "-1.5 percentage points", "+£2,209".
std::string signed_amount(double value, const std::string& unit) {
  return (value < 0 ? "-" : "+") + amount(value, unit);
}

std::string join(const std::vector<std::string>& parts, const char* last) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? last : ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string readable(double value, const std::string& unit) {
  if (!std::isfinite(value)) return "-";
  if (unit == "share") return fmt::format("{:.1f}%", 100 * value);
  if (unit == "GBP/day") return (value < 0 ? "-£" : "£") + with_thousands(std::fabs(value), 0);
  if (unit == "days" || unit == "hours") return fmt::format("{:.1f} {}", value, unit);
  const double a = std::fabs(value);
  return with_thousands(value, a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

std::string board_summary(const std::vector<ChangeDescription>& changes,
                          const std::vector<stats::MeasureComparison>& measures, int replications, double days,
                          const std::string& unchanged_warning, const std::string& changed_warning) {
  std::vector<std::string> done;
  for (const auto& c : changes) done.push_back(fmt::format("{} from {} to {}", c.label, c.from, c.to));
  std::string line = changes.empty() ? "The scenario as it stands" : "Changing " + join(done, " and ");
  line += fmt::format(" (means of {} replications of {:g} days): ", replications, days);

  std::vector<std::string> effects;
  for (const auto& h : kHeadlines) {
    for (const auto& m : measures) {
      if (m.name != h.measure || m.scenarios.size() < 2 || !m.scenarios[0] || !m.scenarios[1]) continue;
      const auto& before = *m.scenarios[0];
      const auto& after = *m.scenarios[1];
      if (changes.empty()) {
        effects.push_back(fmt::format("{} is {}", h.words, readable(before.mean, m.unit)));
        continue;
      }
      const auto& d = m.differences[1];
      if (!d) continue;
      const auto& ci = d->interval;
      if (!std::isfinite(ci.half_width) || (ci.low() <= 0 && ci.high() >= 0)) {
        effects.push_back(fmt::format("no clear change in {} ({}; 95% CI of the change {} to {})", h.words,
                                      readable(before.mean, m.unit), signed_amount(ci.low(), m.unit),
                                      signed_amount(ci.high(), m.unit)));
        continue;
      }
      const bool falls = ci.mean < 0;
      effects.push_back(fmt::format("{} {} from {} to {} (by {}, 95% CI {} to {})", h.words,
                                    falls ? "falls" : "rises", readable(before.mean, m.unit),
                                    readable(after.mean, m.unit), amount(ci.mean, m.unit),
                                    amount(falls ? ci.high() : ci.low(), m.unit),
                                    amount(falls ? ci.low() : ci.high(), m.unit)));
    }
  }
  line += join(effects, "; and ") + ".";
  // The warning ends "results depend on the run length".
  if (!changes.empty() && !changed_warning.empty()) {
    line += " Caution: with the changes, " + changed_warning + ".";
  } else if (!unchanged_warning.empty()) {
    line += " Caution: as it stands, " + unchanged_warning + ".";
  }
  return line;
}

}  // namespace careflow::serve
