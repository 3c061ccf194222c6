#pragma once
// The care system's internals shared by its parts (care_system*.cpp): event kinds and
// priorities, random-stream purposes, and small helpers on ticks and event payloads.

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "engine/event.hpp"
#include "engine/time.hpp"
#include "model/population.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model::care_system_detail {

using engine::Tick;
using engine::kTicksPerDay;
using scenario::Pathway;

enum Kind : engine::EventKind {
  kArrival, kReady, kPlanningStart, kReserve, kPrepared, kDischarge, kServiceEnd, kDecondition,
  kDayEnd, kWarmupEnd, kCapacity, kReadmission, kLeaveHome, kTaper, kTransfer, kStepUp,
  kStartFromHome, kAidRound
};
inline constexpr std::array<const char*, 18> kKindNames{
    "arrival", "medically ready", "planning start", "reserve place", "discharge prepared",
    "discharge to service", "service end", "deconditioning check", "day end", "warm-up end",
    "capacity change", "readmission", "leave home", "visits taper", "move to next unit",
    "step-up referral", "start from home", "mutual aid round"};
static_assert(kKindNames.size() == kAidRound + 1, "a name for every event kind");

// At one instant: places free up first, then patients move into them, then the discharge
// process advances, then new patients arrive, then the books are closed.
constexpr engine::Priority kFreePriority = 0;
constexpr engine::Priority kMovePriority = 1;
constexpr engine::Priority kProcessPriority = 2;
constexpr engine::Priority kArrivalPriority = 3;
constexpr engine::Priority kBookkeepingPriority = 4;

enum Purpose : std::uint32_t {
  kArrivals, kAttributes, kAcuteStay, kServiceStay, kDischargeProcess, kDeconditioning,
  kOutcomes, kInitialState, kPackageSizes, kStepUps,
  kPopulationStreams,  // the first of Population::kStreamPurposes
  kCrossingStreams = kPopulationStreams + 8  // which care system treats a crossing patient
};
static_assert(Population::kStreamPurposes <= kCrossingStreams - kPopulationStreams,
              "the population's streams fit in the purposes kept for them");
// A population's events (Population::kEventKinds of them) come after the care system's own.
constexpr engine::EventKind kFirstPopulationKind = kAidRound + 1;
// Messages between care systems (docs/population.md): a resident admitted to another care
// system's hospital, their referral home when medically ready, the place found at home, their
// arrival at it, and a return home with no service (or a death); and mutual aid of community
// beds: a request for free beds, the beds granted (held), a patient's arrival in one, and the
// beds granted but not used, released. The low 8 bits of an event's kind name it; a referral
// and mutual aid's messages carry more (the sender's LP first) in the 24 above them.
enum CrossKind : engine::EventKind {
  kCrossAdmit = kFirstPopulationKind + 8, kCrossReferral, kCrossPlaceReady, kCrossArrive, kCrossHome,
  kAidRequest, kAidGrant, kAidArrive, kAidRelease,
  kAfterCrossKinds
};
constexpr engine::EventKind kKindMask = 0xff;
static_assert(Population::kEventKinds <= kCrossAdmit - kFirstPopulationKind,
              "the population's events fit in the kinds kept for them");
static_assert(kAfterCrossKinds <= kKindMask + 1, "every kind fits in the kind mask");

// Capacity events name their unit: a service by its index, acute unit k as kAcuteUnit - k.
constexpr std::uint64_t kAcuteUnit = 0xffff;
constexpr std::uint64_t kFirstAcuteUnit = 0x8000;  // services are numbered below this

constexpr double kHoursPerTick = 1.0 / static_cast<double>(engine::kTicksPerHour);
constexpr std::size_t kNoService = std::numeric_limits<std::size_t>::max();
constexpr Tick kMondayDischargeHour = 10 * engine::kTicksPerHour;
constexpr Tick kAidRoundHour = 9 * engine::kTicksPerHour;  // each day's request for a neighbour's beds
constexpr Tick kWeek = 7 * kTicksPerDay;

inline bool is_weekday(Tick t) { return (t / kTicksPerDay) % 7 < 5; }  // day 0 is a Monday

// `days` of weekday time after `start`: weekends do not count.
inline Tick add_working_days(Tick start, double days) {
  Tick remaining = engine::ticks_from_days(days);
  Tick t = start;
  while (remaining > 0) {
    const Tick day_end = (t / kTicksPerDay + 1) * kTicksPerDay;
    if (is_weekday(t)) {
      const Tick step = std::min(remaining, day_end - t);
      t += step;
      remaining -= step;
    } else {
      t = day_end;
    }
  }
  return t;
}

inline std::uint64_t pack(std::uint32_t patient, std::uint32_t ticket) {
  return (std::uint64_t{ticket} << 32) | patient;
}

// Discharge-planning events belong to one episode of a patient's: a readmitted patient's new
// episode must not receive the planning start, reservation or preparation of the last one (a
// short service stay and a quick readmission can come before them).
inline std::uint64_t for_episode(std::uint32_t patient, std::uint16_t episode) {
  return (std::uint64_t{episode} << 48) | patient;
}

inline bool of_episode(std::uint64_t payload, std::uint16_t episode) {
  return static_cast<std::uint16_t>(payload >> 48) == episode;
}

}  // namespace careflow::model::care_system_detail
