#include "experiment/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/core.h>

namespace careflow::experiment {

const char* design_name(Design design) {
  switch (design) {
    case Design::grid: return "grid";
    case Design::lhs: return "lhs";
    case Design::sobol: return "sobol";
    case Design::morris: return "morris";
  }
  return "?";
}

const char* distribution_name(Distribution distribution) {
  switch (distribution) {
    case Distribution::levels: return "levels";
    case Distribution::uniform: return "uniform";
    case Distribution::integer: return "integer";
    case Distribution::log_uniform: return "log-uniform";
  }
  return "?";
}

std::string toml_literal(const Level& level) {
  if (const auto* x = std::get_if<double>(&level)) return fmt::format("{}", *x);  // shortest round trip
  if (const auto* b = std::get_if<bool>(&level)) return *b ? "true" : "false";
  std::string quoted = "\"";
  for (char c : std::get<std::string>(level)) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string shown(const Level& level) {
  if (const auto* s = std::get_if<std::string>(&level)) return *s;
  return toml_literal(level);
}

Level Factor::at(double u) const {
  u = std::clamp(u, 0.0, 1.0);
  switch (distribution) {
    case Distribution::levels: {
      const auto n = levels.size();
      const auto i = std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
      return levels[i];
    }
    case Distribution::uniform: return u == 1.0 ? high : low + u * (high - low);
    case Distribution::integer: {
      const double steps = high - low + 1;
      return std::min(high, low + std::floor(u * steps));
    }
    case Distribution::log_uniform:
      if (u == 0.0) return low;
      if (u == 1.0) return high;
      return std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
  }
  return 0.0;
}

bool Factor::numeric() const {
  if (distribution != Distribution::levels) return true;
  return std::none_of(levels.begin(), levels.end(),
                      [](const Level& l) { return std::holds_alternative<std::string>(l); });
}

}  // namespace careflow::experiment
