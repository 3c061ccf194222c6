#pragma once
// Simulation time: a signed 64-bit count of ticks. One tick is one millisecond, so a year is
// about 3.2e10 ticks and the range is far beyond any run. Integer time makes event order exact:
// no two runs can disagree about which of two events came first because of rounding.

#include <cmath>
#include <cstdint>
#include <limits>

namespace careflow::engine {

using Tick = std::int64_t;

inline constexpr Tick kTicksPerSecond = 1'000;
inline constexpr Tick kTicksPerMinute = 60 * kTicksPerSecond;
inline constexpr Tick kTicksPerHour = 60 * kTicksPerMinute;
inline constexpr Tick kTicksPerDay = 24 * kTicksPerHour;
inline constexpr Tick kTickInfinity = std::numeric_limits<Tick>::max();

/// Nearest tick to a duration given in days, e.g. `ticks_from_days(1.5) == 36 * kTicksPerHour`.
/// (Halves round away from zero, as std::llround does, without its library call.)
inline Tick ticks_from_days(double days) {
  const double ticks = days * static_cast<double>(kTicksPerDay);
  return static_cast<Tick>(ticks >= 0 ? ticks + 0.5 : ticks - 0.5);
}

/// Nearest tick to a duration given in hours.
inline Tick ticks_from_hours(double hours) {
  const double ticks = hours * static_cast<double>(kTicksPerHour);
  return static_cast<Tick>(ticks >= 0 ? ticks + 0.5 : ticks - 0.5);
}

/// A tick count expressed in days, e.g. for reporting.
inline constexpr double days_from_ticks(Tick ticks) {
  return static_cast<double>(ticks) / static_cast<double>(kTicksPerDay);
}

}  // namespace careflow::engine
