#pragma once
// What one replication of the care model reports: named measures (the same list, in the same
// order, for every replication of a scenario) and, when asked for, one record per patient.

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
  waiting_admission, in_acute, in_community, home, long_term_care, care_home, dead, turned_away
};

struct PatientRecord {
  std::uint32_t group = 0;
  std::uint32_t locality = 0;
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
  bool balanced() const {
    return arrived == waiting_admission + in_acute + in_community + home + long_term_care +
                          care_home + dead + turned_away;
  }
};

struct ReplicationResult {
  std::vector<Measure> measures;
  std::vector<PatientRecord> patients;  ///< empty unless records were asked for
  Census census;
  std::uint64_t events = 0;

  /// The value of the measure called `name`; throws std::out_of_range if there is none.
  double value(const std::string& name) const;
};

}  // namespace careflow::model
