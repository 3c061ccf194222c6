#include "output/trace_level.hpp"

namespace careflow::output {

std::string_view trace_level_name(TraceLevel level) {
  switch (level) {
    case TraceLevel::summary: return "summary";
    case TraceLevel::patients: return "patients";
    case TraceLevel::events: return "events";
  }
  return "patients";
}

std::optional<TraceLevel> parse_trace_level(std::string_view name) {
  for (auto level : {TraceLevel::summary, TraceLevel::patients, TraceLevel::events}) {
    if (trace_level_name(level) == name) return level;
  }
  return std::nullopt;
}

}  // namespace careflow::output
