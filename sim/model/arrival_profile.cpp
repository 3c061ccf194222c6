#include "model/arrival_profile.hpp"

#include <algorithm>

namespace careflow::model {

double arrival_factor(const scenario::ArrivalProfile& profile, engine::Tick t) {
  const engine::Tick day = t / engine::kTicksPerDay;
  const auto hour = static_cast<std::size_t>((t % engine::kTicksPerDay) / engine::kTicksPerHour);
  const auto month = std::min<std::size_t>(11, static_cast<std::size_t>(
                                                   static_cast<double>(day % 365) / (365.0 / 12.0)));
  double factor = profile.day_of_week[static_cast<std::size_t>(day % 7)] *
                  profile.hour_of_day[hour] * profile.month[month];
  const double days = engine::days_from_ticks(t);
  for (const auto& surge : profile.surges) {
    if (days >= surge.from_day && days < surge.to_day) factor *= surge.multiplier;
  }
  return factor;
}

double arrival_peak(const scenario::ArrivalProfile& profile) {
  double surge_peak = 1;
  for (const auto& surge : profile.surges) surge_peak = std::max(surge_peak, surge.multiplier);
  return *std::max_element(profile.day_of_week.begin(), profile.day_of_week.end()) *
         *std::max_element(profile.hour_of_day.begin(), profile.hour_of_day.end()) *
         *std::max_element(profile.month.begin(), profile.month.end()) * surge_peak;
}

engine::Tick next_profile_change(const scenario::ArrivalProfile& profile, engine::Tick t) {
  engine::Tick next = (t / engine::kTicksPerHour + 1) * engine::kTicksPerHour;
  for (const auto& surge : profile.surges) {
    for (double day : {surge.from_day, surge.to_day}) {
      const engine::Tick at = engine::ticks_from_days(day);
      if (at > t && at < next) next = at;
    }
  }
  return next;
}

}  // namespace careflow::model
