#pragma once
// What one replication of the care model reports: named measures (the same list, in the same
// order, for every replication of a scenario) and, when asked for, one record per patient, daily
// means per unit and a log of every event.

#include <cstddef>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/time.hpp"

namespace careflow::model {

struct Measure {
  std::string name;
  std::string unit;
  double value = 0;
};

enum class Outcome : std::uint8_t {
  waiting_admission, in_acute, in_community, home, long_term_care, care_home, dead, turned_away,
  waiting_at_home,  ///< referred from home (step-up), waiting for a place
  moved_to_home_system,  ///< treated here, gone on to a service of their own care system
  moved_to_neighbour     ///< gone from an acute bed here to a neighbour's community bed (mutual aid)
};

/// Messages between care systems, by kind (admission elsewhere, referral home, place found,
/// arrival at the place, home with no service; mutual aid's request, grant, arrival and release):
/// those sent that arrive within the run, and those received. Over all care systems, each kind's
/// sent and received are equal.
struct CrossingCounts {
  static constexpr std::size_t kKinds = 9;
  std::array<std::uint64_t, kKinds> sent{}, received{};
};

struct PatientRecord {
  std::uint16_t group = 0;
  std::uint16_t locality = 0;
  std::uint8_t pathway = 0;
  std::uint8_t frailty = 0;  ///< 0 low, 1 moderate, 2 severe
  Outcome outcome = Outcome::waiting_admission;  ///< where the patient is at the end
  engine::Tick arrival = -1;
  engine::Tick admitted = -1;     ///< -1: never
  engine::Tick ready = -1;
  engine::Tick left_acute = -1;
  engine::Tick left_service = -1;
  std::uint16_t episodes = 1;  ///< admissions so far, readmissions included (times are the last's)
};

/// Every patient as columns (the model's own, handed over whole at the end of a run): a trace
/// writes them without reshaping. Indexing and iteration give PatientRecord values.
struct PatientTable {
  std::vector<std::uint16_t> group, locality;
  std::vector<std::uint8_t> pathway, frailty;
  std::vector<Outcome> outcome;
  std::vector<engine::Tick> arrival, admitted, ready, left_acute, left_service;  ///< -1: never
  std::vector<std::uint16_t> episodes;

  std::size_t size() const { return group.size(); }
  bool empty() const { return group.empty(); }
  PatientRecord operator[](std::size_t i) const {
    return {group[i], locality[i], pathway[i], frailty[i], outcome[i], arrival[i],
            admitted[i], ready[i], left_acute[i], left_service[i], episodes[i]};
  }

  class Iterator {
   public:
    using value_type = PatientRecord;
    using difference_type = std::ptrdiff_t;
    Iterator(const PatientTable* table, std::size_t i) : table_(table), i_(i) {}
    PatientRecord operator*() const { return (*table_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }

   private:
    const PatientTable* table_;
    std::size_t i_;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }
};

/// Where every patient is, for the conservation check: arrived == the sum of the rest.
struct Census {
  std::uint64_t arrived = 0;
  std::uint64_t waiting_admission = 0;
  std::uint64_t in_acute = 0;  ///< includes medically ready patients waiting for a service
  std::uint64_t in_community = 0;
  std::uint64_t home = 0;            ///< home, with or without new support
  std::uint64_t long_term_care = 0;  ///< home with a long-term care package
  std::uint64_t care_home = 0;
  std::uint64_t dead = 0;
  std::uint64_t turned_away = 0;
  std::uint64_t waiting_at_home = 0;  ///< step-up referrals waiting for a place
  std::uint64_t moved_to_home_system = 0;  ///< treated here, gone to their own care system's service
  std::uint64_t moved_to_neighbour = 0;    ///< gone to a neighbour's community bed (mutual aid)
  bool balanced() const {
    return arrived == waiting_admission + in_acute + in_community + home + long_term_care + care_home + dead +
                          turned_away + waiting_at_home + moved_to_home_system + moved_to_neighbour;
  }
};

/// Daily means per unit as columns, one row per unit and day (units of one day together). NaN
/// marks a column that does not apply to a unit (no NCTR in a community service, say).
struct DailySeries {
  std::vector<std::string> units;  ///< "acute", then each service, then each hub (with the hub lever)
  std::vector<std::uint32_t> day;  ///< the day's index from the start of the run (0: the first day)
  std::vector<std::uint16_t> unit;  ///< index into `units`
  std::vector<double> occupied;     ///< mean patients (beds or people in the service)
  std::vector<double> capacity;     ///< at the end of the day: beds, places, or visits a day
  std::vector<double> queue;        ///< mean waiting: for a bed (acute) or for a place (pool)
  std::vector<double> nctr;         ///< mean medically ready patients in acute beds
  std::vector<double> reserved_idle;  ///< mean places committed but not yet occupied
  std::size_t rows() const { return day.size(); }
};

/// Every event the model handled, as columns, in the order handled.
struct EventLog {
  std::vector<std::string> kinds;  ///< event kind names, indexed by `kind`
  std::vector<engine::Tick> time;
  std::vector<std::uint8_t> kind;
  std::vector<std::int64_t> patient;  ///< -1: not a patient's event
  std::vector<Outcome> place;         ///< the patient's place after the event
  /// The unit the patient is in after the event: 0 an acute bed, 1 + s community service s, -1
  /// none (waiting for admission or at home, gone, or not a patient's event). Indexes
  /// DailySeries::units.
  std::vector<std::int16_t> unit;
  std::size_t rows() const { return time.size(); }
};

struct ReplicationResult {
  std::vector<Measure> measures;
  PatientTable patients;                ///< empty unless records were asked for
  DailySeries daily;                    ///< empty unless asked for
  EventLog event_log;                   ///< empty unless asked for
  Census census;
  std::uint64_t events = 0;
  /// With several care systems ([systems]): each one's own result, in the scenario's order; the
  /// measures above are then England's (combine_systems).
  std::vector<ReplicationResult> systems;
  CrossingCounts crossings;
  std::uint64_t windows = 0;  ///< the engine's synchronisation windows
  /// Spread over ranks (ModelOptions::ranks): messages that crossed from one rank to another.
  std::uint64_t messages_between_ranks = 0;
  /// With a population: residents alive at the end, their emergency admissions over the whole
  /// run (warm-up included), and the bytes of the person table and cell lists.
  std::uint64_t residents = 0, resident_admissions = 0;
  double resident_bytes = 0;

  /// The value of the measure called `name`; throws std::out_of_range if there is none.
  double value(const std::string& name) const;
};

}  // namespace careflow::model
