#pragma once
// JSON text for the commands that print it (compare, sensitivity): strings escaped, numbers to
// full precision, and null for a number that is not finite.

#include <cmath>
#include <fmt/core.h>
#include <string>

namespace careflow::cli {

inline std::string json_number(double x) { return std::isfinite(x) ? fmt::format("{:.17g}", x) : "null"; }

inline std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace careflow::cli
