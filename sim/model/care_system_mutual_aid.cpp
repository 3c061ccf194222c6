// Mutual aid of community beds between neighbouring care systems ([crossings] mutual_aid,
// docs/population.md). Each morning a care system asks one neighbour of its region (in turn) for
// free beds at each bedded service (P2, P3) for its patients who have waited in an acute bed for
// at least aid_after_days. The neighbour grants the beds it has free with no one of its own
// waiting, and holds them; the patients granted one leave their acute bed and travel to it, and
// the beds granted but no longer needed are released. A patient in a neighbour's bed is a
// visitor there: their own care system keeps their history and hears when they go home. Every
// step is an engine message, with the crossings' handover and transfer delays.

#include <stdexcept>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"

namespace careflow::model {

using namespace care_system_detail;

namespace {

Tick hours(double h) { return engine::ticks_from_hours(h); }

std::uint64_t beds_payload(std::size_t service, std::uint64_t beds) { return std::uint64_t{service} | (beds << 16); }
std::size_t service_of(std::uint64_t payload) { return static_cast<std::size_t>(payload & 0xffff); }
std::uint64_t beds_of(std::uint64_t payload) { return payload >> 16; }
engine::LpId sender_of(const engine::Event& event) { return static_cast<engine::LpId>((event.kind >> 8) & 0xff); }

}  // namespace

// A community bed counted in people (P2 rehabilitation, P3 care-home places) that hospitals refer to.
bool CareSystem::lends_beds(std::size_t s) const {
  const auto& service = scenario_.services[s];
  return service.from_hospital && services_[s].counts == ServiceState::Counts::people &&
         (service.pathway == Pathway::P2 || service.pathway == Pathway::P3);
}

// A live entry of the queue for `service`: a patient waiting in one of our acute beds (not a
// proxy in another's) for that service, long enough to look further.
bool CareSystem::may_seek_aid(const QueueEntry& entry, std::size_t service, Tick now) const {
  const PatientId p = entry.patient;
  return patients_.ticket[p] == entry.ticket && home_service(p) == service &&
         patients_.place[p] == Outcome::in_acute && !is_proxy(p) && patients_.service[p] == kNone &&
         now - patients_.ready[p] >= engine::ticks_from_days(scenario_.crossings.aid_after_days);
}

void CareSystem::ask_for_aid(engine::LpContext& context) {
  context.schedule(kTicksPerDay, kAidRound, 0, kProcessPriority);
  const auto& neighbours = scenario_.aid_neighbours;
  const auto day = static_cast<std::size_t>(context.now() / kTicksPerDay);
  const auto to = static_cast<engine::LpId>(neighbours[day % neighbours.size()]);
  for (std::size_t s = 0; s < services_.size(); ++s) {
    if (!lends_beds(s)) continue;
    const auto& pool = pools_[services_[s].pool];
    std::uint64_t waiting = 0;
    for (std::size_t i = 0; i < pool.queue.size(); ++i) waiting += may_seek_aid(pool.queue[i], s, context.now()) ? 1 : 0;
    if (waiting > 0) {
      send_crossing(to, hours(scenario_.crossings.handover_hours), kAidRequest | (stream_lp_ << 8),
                    beds_payload(s, waiting), context);
    }
  }
}

// A neighbour asks: grant the beds free here with no one of ours waiting for them, and hold them.
void CareSystem::grant_aid(const engine::Event& event, engine::LpContext& context) {
  const std::size_t s = service_of(event.payload);
  if (s >= services_.size() || !lends_beds(s)) throw std::logic_error("mutual aid asked for a service that lends no beds");
  auto& state = services_[s];
  if (pools_[state.pool].waiting > 0 || state.committed >= state.capacity) return;
  const auto free = static_cast<std::uint64_t>(state.capacity - state.committed);
  const std::uint64_t granted = std::min(beds_of(event.payload), free);
  state.committed += static_cast<int>(granted);  // held, so that no one else takes them
  aid_held_[s] += static_cast<int>(granted);
  send_crossing(sender_of(event), hours(scenario_.crossings.handover_hours), kAidGrant | (stream_lp_ << 8),
                beds_payload(s, granted), context);
}

// Beds granted: the longest-waiting patients still waiting take them; the rest go back.
void CareSystem::send_to_neighbour(const engine::Event& event, engine::LpContext& context) {
  const std::size_t s = service_of(event.payload);
  const auto lender = sender_of(event);
  std::uint64_t left = beds_of(event.payload);
  auto& pool = pools_[services_[s].pool];
  for (std::size_t i = 0; i < pool.queue.size() && left > 0; ++i) {
    if (!may_seek_aid(pool.queue[i], s, context.now())) continue;
    const PatientId p = pool.queue[i].patient;
    --pool.waiting;
    ++patients_.ticket[p];  // out of the queue
    --left;
    patients_.place[p] = Outcome::moved_to_neighbour;
    leave_acute(p, context);
    if (context.now() >= warmup_end_) ++aid_out_measured_;
    const auto group = patients_.group[p];
    const auto locality = patients_.locality[p];
    if (group > 0xff || locality > 0xff || s > 0x3fff) throw std::length_error("mutual aid: group, locality or service too large");
    const std::uint64_t payload = std::uint64_t{patients_.person[p]} | (std::uint64_t{group} << 32) |
                                  (std::uint64_t{locality} << 40) | (std::uint64_t{patients_.frailty[p] & 3U} << 48) |
                                  (std::uint64_t{s} << 50);
    send_crossing(lender, hours(scenario_.crossings.transfer_hours), kAidArrive | (stream_lp_ << 8), payload, context);
  }
  if (left > 0) {
    send_crossing(lender, hours(scenario_.crossings.transfer_hours), kAidRelease | (stream_lp_ << 8),
                  beds_payload(s, left), context);
  }
}

// A neighbour's patient arrives for a bed held for them: a visitor here, in the service at once
// (its assessment and brokerage were the request and the grant).
void CareSystem::receive_aid_guest(const engine::Event& event, engine::LpContext& context) {
  const auto person = static_cast<PersonId>(event.payload & 0xffffffffU);
  const auto group = static_cast<std::uint16_t>((event.payload >> 32) & 0xff);
  const auto locality = static_cast<std::uint16_t>((event.payload >> 40) & 0xff);
  const auto frailty = static_cast<std::uint8_t>((event.payload >> 48) & 3);
  const auto s = static_cast<std::size_t>(event.payload >> 50);
  if (s >= services_.size() || aid_held_[s] <= 0) throw std::logic_error("mutual aid: a patient came for a bed not held");
  --aid_held_[s];
  const auto pathway = static_cast<std::uint8_t>(scenario_.services[s].pathway);
  const PatientId guest = patients_.add(group, locality, pathway, context.now());
  patients_.frailty[guest] = frailty;
  patients_.elsewhere[guest] = static_cast<std::uint8_t>(sender_of(event) + 1);
  patients_.remote_id[guest] = person;
  patients_.aid_guest[guest] = 1;
  patients_.service[guest] = static_cast<std::int16_t>(s);
  if (context.now() >= warmup_end_) ++aid_in_measured_;
  start_service_after_acute(guest, context);  // the bed was committed when it was held
}

void CareSystem::release_aid(std::uint64_t payload, engine::LpContext& context) {
  const std::size_t s = service_of(payload);
  const auto beds = static_cast<int>(beds_of(payload));
  if (s >= services_.size() || aid_held_[s] < beds) throw std::logic_error("mutual aid: more beds released than held");
  aid_held_[s] -= beds;
  services_[s].committed -= beds;
  fill_free_places(s, context);
}

}  // namespace careflow::model
