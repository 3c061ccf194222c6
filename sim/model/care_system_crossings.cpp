// Patients who cross between care systems (scenario [crossings], docs/population.md). A resident
// admitted in another care system's hospital is a *visitor* there and, once medically ready for
// a community service, a *proxy* at home: the proxy waits in the home system's queue (the
// visitor keeps the bed meanwhile: blocking across the border), and when a place is found the
// visitor leaves and the proxy starts the service. Every step between the two is an engine
// message, whose delay (transfer, referral, handover) is at least the lookahead.

#include <stdexcept>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"
#include "model/duration_sampler.hpp"

namespace careflow::model {

using namespace care_system_detail;

namespace {

Tick hours(double h) { return engine::ticks_from_hours(h); }

std::size_t slot_of(engine::EventKind kind) { return (kind & kKindMask) - kCrossAdmit; }

}  // namespace

void CareSystem::send_crossing(engine::LpId to, Tick delay, engine::EventKind kind, std::uint64_t payload,
                               engine::LpContext& context) {
  // Counted as sent only if it arrives within the run, so that sent and received balance.
  if (context.now() + delay < run_end_) ++crossings_.sent[slot_of(kind)];
  context.send(to, delay, kind, payload, kArrivalPriority);
}

bool CareSystem::send_elsewhere(PersonId person, std::size_t group, engine::LpContext& context) {
  const auto& destinations = scenario_.crossing_destinations;
  if (destinations.empty() || !(crossing_stream_.uniform01() < scenario_.crossings.share)) return false;
  double u = crossing_stream_.uniform01();
  std::size_t to = destinations.back().first;
  for (const auto& [system, share] : destinations) {
    if (u < share) {
      to = system;
      break;
    }
    u -= share;
  }
  const std::uint64_t payload = std::uint64_t{person} | (std::uint64_t{static_cast<std::uint8_t>(group)} << 32) |
                                (std::uint64_t{static_cast<std::uint8_t>(population_->locality(person))} << 40) |
                                (std::uint64_t{population_->frailty(person)} << 48) |
                                (std::uint64_t{stream_lp_} << 50);
  send_crossing(static_cast<engine::LpId>(to), hours(scenario_.crossings.transfer_hours), kCrossAdmit, payload,
                context);
  if (context.now() >= warmup_end_) ++crossings_out_measured_;
  return true;
}

void CareSystem::handle_crossing(const engine::Event& event, engine::LpContext& context) {
  const auto kind = event.kind & kKindMask;
  ++crossings_.received[slot_of(kind)];
  switch (kind) {
    case kCrossAdmit: receive_visitor(event.payload, context); break;
    case kCrossReferral: receive_referral(event, context); break;
    case kCrossPlaceReady:
      leave_for_home_system(static_cast<PatientId>(event.payload & 0xffffffffU),
                            static_cast<PatientId>(event.payload >> 32), context);
      break;
    case kCrossArrive: arrive_from_elsewhere(static_cast<PatientId>(event.payload), context); break;
    case kCrossHome: {
      const auto person = static_cast<PersonId>(event.payload & 0xffffffffU);
      if (event.payload >> 63) {
        population_->back_home(person, context);
      } else {
        population_->died_in_care(person);
      }
      break;
    }
    case kAidRequest: grant_aid(event, context); break;
    case kAidGrant: send_to_neighbour(event, context); break;
    case kAidArrive: receive_aid_guest(event, context); break;
    case kAidRelease: release_aid(event.payload, context); break;
    default: throw std::logic_error("care system: unknown crossing");
  }
}

// A resident of another care system, admitted here: a patient like any other until medically
// ready, with their own care system's group, locality and frailty.
void CareSystem::receive_visitor(std::uint64_t payload, engine::LpContext& context) {
  const auto person = static_cast<PersonId>(payload & 0xffffffffU);
  const auto group = static_cast<std::size_t>((payload >> 32) & 0xff);
  const auto locality = static_cast<std::uint16_t>((payload >> 40) & 0xff);
  const auto frailty = static_cast<std::uint8_t>((payload >> 48) & 3);
  const auto home = static_cast<std::uint8_t>((payload >> 50) & 0xff);
  const auto& g = scenario_.groups[group];
  const auto pathway = draw_index(g.pathway_shares.data(), g.pathway_shares.size(), attribute_stream_);
  const PatientId patient = patients_.add(static_cast<std::uint16_t>(group), locality,
                                          static_cast<std::uint8_t>(pathway), context.now());
  patients_.frailty[patient] = frailty;
  patients_.elsewhere[patient] = static_cast<std::uint8_t>(home + 1);
  patients_.remote_id[patient] = person;
  request_bed(patient, context);
  if (options_.keep_event_log) log_event(engine::Event{context.now(), 0, 0, kArrival, 0});
}

// A visitor ready for a community service: referred to their own care system, which finds the
// place; the visitor keeps the bed until it is found.
void CareSystem::refer_home(PatientId visitor, engine::LpContext& context) {
  const auto home = static_cast<engine::LpId>(patients_.elsewhere[visitor] - 1);
  const std::uint64_t payload = std::uint64_t{visitor} | (std::uint64_t{patients_.remote_id[visitor]} << 32);
  const auto group = patients_.group[visitor];
  const auto locality = patients_.locality[visitor];
  if (group > 63 || locality > 63) throw std::length_error("a crossing patient's group and locality must be below 64");
  const engine::EventKind extra = stream_lp_ | (std::uint32_t{patients_.pathway[visitor]} << 8) |
                                  (std::uint32_t{patients_.frailty[visitor]} << 10) |
                                  (std::uint32_t{group} << 12) | (std::uint32_t{locality} << 18);
  send_crossing(home, engine::ticks_from_days(scenario_.discharge.referral_lag_days), kCrossReferral | (extra << 8),
                payload, context);
}

// At home: a proxy for the resident in the other hospital, waiting for a place like a patient in
// one of our own beds (assessment and brokerage follow the referral), but holding no bed here.
void CareSystem::receive_referral(const engine::Event& event, engine::LpContext& context) {
  const std::uint32_t extra = event.kind >> 8;
  const auto treating = static_cast<std::uint8_t>(extra & 0xff);
  const auto pathway = static_cast<std::uint8_t>((extra >> 8) & 3);
  const auto frailty = static_cast<std::uint8_t>((extra >> 10) & 3);
  const auto group = static_cast<std::uint16_t>((extra >> 12) & 63);
  const auto locality = static_cast<std::uint16_t>((extra >> 18) & 63);
  const PatientId proxy = patients_.add(group, locality, pathway, context.now());
  patients_.frailty[proxy] = frailty;
  patients_.person[proxy] = static_cast<PersonId>(event.payload >> 32);
  patients_.elsewhere[proxy] = static_cast<std::uint8_t>(treating + 1);
  patients_.remote_id[proxy] = static_cast<std::uint32_t>(event.payload & 0xffffffffU);
  patients_.place[proxy] = Outcome::in_acute;  // in an acute bed, over the border
  patients_.ready_flag[proxy] = 1;
  decide_home_first(proxy);
  const Tick referred = context.now() - engine::ticks_from_days(scenario_.discharge.referral_lag_days);
  const Tick prepared = std::max(context.now(), preparation_time(proxy, referred));
  if (prepared == context.now()) {
    finish_preparation(proxy, context);
  } else {
    context.schedule_at(prepared, kPrepared, for_episode(proxy, patients_.episodes[proxy]), kProcessPriority);
  }
}

// The proxy's place is found (and held): the treating hospital hears after the handover.
void CareSystem::place_ready_elsewhere(PatientId proxy, engine::LpContext& context) {
  const auto treating = static_cast<engine::LpId>(patients_.elsewhere[proxy] - 1);
  send_crossing(treating, hours(scenario_.crossings.handover_hours), kCrossPlaceReady,
                std::uint64_t{patients_.remote_id[proxy]} | (std::uint64_t{proxy} << 32), context);
}

void CareSystem::leave_for_home_system(PatientId visitor, PatientId proxy, engine::LpContext& context) {
  const auto home = static_cast<engine::LpId>(patients_.elsewhere[visitor] - 1);
  patients_.place[visitor] = Outcome::moved_to_home_system;
  leave_acute(visitor, context);
  send_crossing(home, hours(scenario_.crossings.transfer_hours), kCrossArrive, proxy, context);
}

void CareSystem::arrive_from_elsewhere(PatientId proxy, engine::LpContext& context) {
  patients_.left_acute[proxy] = context.now();
  start_service_after_acute(proxy, context);
  if (options_.keep_event_log) log_event(engine::Event{context.now(), 0, 0, kDischarge, proxy});
}

}  // namespace careflow::model
