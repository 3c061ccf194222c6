#include "model/replication_result_bytes.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>

// Every field of every part of a result, in declaration order.
namespace boost::serialization {

template <class Archive>
void serialize(Archive& a, careflow::model::Measure& m, unsigned) {
  a & m.name & m.unit & m.value;
}
template <class Archive>
void serialize(Archive& a, careflow::model::PatientTable& t, unsigned) {
  a & t.group & t.locality & t.pathway & t.frailty & t.outcome & t.arrival & t.admitted & t.ready & t.left_acute &
      t.left_service & t.episodes;
}
template <class Archive>
void serialize(Archive& a, careflow::model::DailySeries& d, unsigned) {
  a & d.units & d.day & d.unit & d.occupied & d.capacity & d.queue & d.nctr & d.reserved_idle;
}
template <class Archive>
void serialize(Archive& a, careflow::model::EventLog& e, unsigned) {
  a & e.kinds & e.time & e.kind & e.patient & e.place & e.unit;
}
template <class Archive>
void serialize(Archive& a, careflow::model::Census& c, unsigned) {
  a & c.arrived & c.waiting_admission & c.in_acute & c.in_community & c.home & c.long_term_care & c.care_home &
      c.dead & c.turned_away & c.waiting_at_home & c.moved_to_home_system & c.moved_to_neighbour;
}
template <class Archive>
void serialize(Archive& a, careflow::model::CrossingCounts& c, unsigned) {
  a & c.sent & c.received;
}
template <class Archive>
void serialize(Archive& a, careflow::model::ReplicationResult& r, unsigned) {
  a & r.measures & r.patients & r.daily & r.event_log & r.census & r.events & r.systems & r.crossings & r.windows &
      r.messages_between_ranks & r.residents & r.resident_admissions & r.resident_bytes;
}

}  // namespace boost::serialization

namespace careflow::model {

namespace {
constexpr unsigned kFlags = boost::archive::no_header | boost::archive::no_tracking;
}

std::string to_bytes(const std::vector<ReplicationResult>& results) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out, kFlags);
    archive << results;
  }
  return std::move(out).str();
}

std::vector<ReplicationResult> results_from_bytes(const std::string& bytes) {
  std::istringstream in(bytes, std::ios::binary);
  boost::archive::binary_iarchive archive(in, kFlags);
  std::vector<ReplicationResult> results;
  archive >> results;
  return results;
}

}  // namespace careflow::model
