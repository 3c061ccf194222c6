#pragma once
// Simulation time: a signed 64-bit count of ticks. One tick is one millisecond, so a year is
// about 3.2e10 ticks and the range is far beyond any run. Integer time makes event order exact:
// no two runs can disagree about which of two events came first because of rounding.

#include <algorithm>
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

/// The latest time an event can be set for: about 73 million years, beyond any run. Durations
/// are capped here instead of wrapping around, so that a sampled value however large (a long
/// tail, a huge multiplier) means "not within this run"; and two capped values still add up
/// without overflow.
inline constexpr Tick kTickNever = kTickInfinity / 4;

namespace detail {
// Nearest tick to `ticks`, capped at +-kTickNever; NaN (a duration that cannot be known) never ends.
// (Halves round away from zero, as std::llround does, without its library call.)
inline Tick saturated_ticks(double ticks) {
  constexpr auto limit = static_cast<double>(kTickNever);
  if (!(ticks < limit)) return kTickNever;  // also NaN
  if (!(ticks > -limit)) return -kTickNever;
  return static_cast<Tick>(ticks >= 0 ? ticks + 0.5 : ticks - 0.5);
}
}  // namespace detail

/// Nearest tick to a duration given in days, e.g. `ticks_from_days(1.5) == 36 * kTicksPerHour`;
/// capped at kTickNever (see there).
inline Tick ticks_from_days(double days) {
  return detail::saturated_ticks(days * static_cast<double>(kTicksPerDay));
}

/// Nearest tick to a duration given in hours; capped at kTickNever.
inline Tick ticks_from_hours(double hours) {
  return detail::saturated_ticks(hours * static_cast<double>(kTicksPerHour));
}

/// `time + delay`, capped at kTickNever (delay >= 0).
inline Tick later_by(Tick time, Tick delay) {
  return delay >= kTickNever - time ? std::max(time, kTickNever) : time + delay;
}

/// A tick count expressed in days, e.g. for reporting.
inline constexpr double days_from_ticks(Tick ticks) {
  return static_cast<double>(ticks) / static_cast<double>(kTicksPerDay);
}

}  // namespace careflow::engine
