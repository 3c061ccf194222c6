#pragma once
// How much of a run a trace file keeps.

#include <optional>
#include <string>
#include <string_view>

namespace careflow::output {

enum class TraceLevel {
  summary,   ///< every measure of every replication
  patients,  ///< and one row per patient and daily means per unit (the default)
  events,    ///< and every event the model handled (debugging, animation)
};

std::string_view trace_level_name(TraceLevel level);
std::optional<TraceLevel> parse_trace_level(std::string_view name);

}  // namespace careflow::output
