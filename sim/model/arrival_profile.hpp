#pragma once
// How admissions vary over time (scenario::ArrivalProfile): the factor on the mean rate at an
// instant, and its largest value, the envelope that thinning draws candidates at.

#include "engine/time.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

/// Day of week x hour of day x month x any surge at time t (day 0 is a Monday in January).
double arrival_factor(const scenario::ArrivalProfile& profile, engine::Tick t);
/// The largest arrival_factor can be.
double arrival_peak(const scenario::ArrivalProfile& profile);
/// The first time after t at which arrival_factor may change (the next hour, or a surge's start
/// or end): the factor is constant from t until then.
engine::Tick next_profile_change(const scenario::ArrivalProfile& profile, engine::Tick t);

}  // namespace careflow::model
