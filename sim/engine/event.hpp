#pragma once
// The event record and the total order on events.
//
// Events are ordered by time, then by an `order` word that packs, from most to least significant,
// a priority chosen by the model, the LP that created the event and that LP's running count of
// created events. Each LP's run is deterministic given its inputs, so the order word of every
// event is the same whatever the thread count or partitioning: the order is total and does not
// depend on memory addresses or thread timing.

#include <cstdint>
#include <stdexcept>

#include "engine/time.hpp"

namespace careflow::engine {

using LpId = std::uint32_t;
using EventKind = std::uint32_t;
/// Lower priorities run first among events at the same tick (e.g. releases before seizes).
using Priority = std::uint8_t;

/// A small value: 32 bytes, no pointers, copied freely. Model data too large for `payload` lives
/// in the model's own columns, indexed by `payload`.
struct Event {
  Tick time = 0;
  std::uint64_t order = 0;
  LpId target = 0;
  EventKind kind = 0;
  std::uint64_t payload = 0;
};
static_assert(sizeof(Event) == 32, "events must stay small values");

namespace order_bits {
inline constexpr unsigned kSequence = 36;
inline constexpr unsigned kLp = 20;
inline constexpr unsigned kPriority = 8;
inline constexpr std::uint64_t kMaxSequence = (std::uint64_t{1} << kSequence) - 1;
inline constexpr std::uint64_t kMaxLps = std::uint64_t{1} << kLp;
}  // namespace order_bits

/// Packs (priority, source LP, sequence) into one word whose integer order is the tie-break.
inline std::uint64_t make_order(Priority priority, LpId source, std::uint64_t sequence) {
  if (source >= order_bits::kMaxLps) throw std::length_error("too many logical processes");
  if (sequence > order_bits::kMaxSequence) throw std::length_error("event sequence overflow");
  return (std::uint64_t{priority} << (order_bits::kLp + order_bits::kSequence)) |
         (std::uint64_t{source} << order_bits::kSequence) | sequence;
}

inline Priority priority_of(std::uint64_t order) {
  return static_cast<Priority>(order >> (order_bits::kLp + order_bits::kSequence));
}
inline LpId source_of(std::uint64_t order) {
  return static_cast<LpId>((order >> order_bits::kSequence) & (order_bits::kMaxLps - 1));
}
inline std::uint64_t sequence_of(std::uint64_t order) { return order & order_bits::kMaxSequence; }

/// True when `a` must be handled before `b`.
inline bool precedes(const Event& a, const Event& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

}  // namespace careflow::engine
