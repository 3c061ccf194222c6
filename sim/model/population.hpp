#pragma once
// The residents of one care system, and the events of their lives outside care: emergency
// admission, death at home, worsening frailty, birthdays and births.
//
// Every resident is a row of a few bytes (age, sex, frailty, locality, state, admissions so far,
// the day of the last discharge). Residents at home with the same locality, age band, sex and
// frailty are identical to the hazards, so they form a cell: the cell's admissions are a Poisson
// process at (people in the cell) x (their hazard), and the next admission anywhere is drawn for
// the whole population at once, its cell in proportion to the cells' rates (WeightedCells), and
// then its person uniformly from the cell. By the superposition and thinning of Poisson
// processes this is the same law as giving every resident a clock of their own, but the pending
// events are three clocks, not one per resident. A person whose history changes their hazard (a
// recent discharge) keeps the cell's hazard and gets one event of their own for the extra risk.
// People in care are out of every cell: they cannot be admitted again until they are home.
// docs/population.md describes the method and the hazards.

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/logical_process.hpp"
#include "engine/random_stream.hpp"
#include "model/weighted_cells.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

using PersonId = std::uint32_t;
inline constexpr PersonId kNoPerson = ~PersonId{0};

struct PopulationCounts {
  std::uint64_t admissions = 0;           ///< from the cells' clocks and readmission events
  std::uint64_t extra_readmissions = 0;   ///< of which from the extra risk after a discharge
  std::uint64_t deaths_at_home = 0, deaths_in_care = 0;
  std::uint64_t births = 0;
  std::uint64_t frailty_worsened = 0;
};

class Population {
 public:
  enum class State : std::uint8_t { home = 0, in_care = 1, dead = 2 };

  /// Event kinds used from `first_kind` on (kEventKinds of them); `first_purpose` likewise for
  /// random streams (kStreamPurposes of them), all on `stream_base`'s seed, replication and LP.
  static constexpr engine::EventKind kEventKinds = 6;
  static constexpr std::uint32_t kStreamPurposes = 5;

  /// `spec` must outlive the population.
  /// `run_days`: how long the run lasts, for the room its births need.
  Population(const scenario::PopulationSpec& spec, const scenario::ArrivalProfile& profile,
             engine::StreamId stream_base, std::uint32_t first_purpose, engine::EventKind first_kind,
             double run_days = 365);

  /// A resident drawn as the next admission would be (by the cells' admission rates) among those
  /// `fits` accepts, taken into care: for the people already in hospital or in services when a
  /// run starts.
  PersonId take_into_care_by_admission_rate(const std::function<bool(PersonId)>& fits);
  /// Sets the hazards' level so that the expected emergency admissions a year, counting the
  /// people now at home only, is spec.admissions_per_year x (1 - other_share - extra readmissions);
  /// `other_share` is the share of admissions that come from elsewhere (readmissions decided by
  /// the care model), `home_share` the share of admissions that end back at home.
  void calibrate(double other_share, double home_share);
  /// Schedules the clocks: call once, at the start.
  void start(engine::LpContext& context);

  bool owns(engine::EventKind kind) const { return kind >= first_kind_ && kind < first_kind_ + kEventKinds; }
  /// Handles one of this population's events; returns the resident admitted by it, if any
  /// (already taken into care), else kNoPerson.
  PersonId handle(const engine::Event& event, engine::LpContext& context);

  /// A resident leaves care alive: at risk again, with the extra risk of a recent discharge.
  void back_home(PersonId person, engine::LpContext& context);
  void died_in_care(PersonId person);

  /// A resident's hazards per day at home, by their traits (admission at the calibrated level).
  struct Hazards {
    double admission = 0, death = 0, worsening = 0;
  };
  Hazards hazards(std::size_t locality, int age, std::size_t sex, std::size_t frailty) const {
    const std::size_t c = cell(locality, spec_.band_of(age), sex, frailty);
    return {level_ * admission_hazard_[c], death_hazard_[c], worsening_hazard_[c]};
  }

  int age(PersonId p) const { return people_[p].age; }
  std::size_t sex(PersonId p) const { return people_[p].traits & 1U; }
  std::size_t frailty(PersonId p) const { return (people_[p].traits >> 1) & 3U; }
  std::size_t locality(PersonId p) const { return people_[p].locality; }
  State state(PersonId p) const { return static_cast<State>((people_[p].traits >> 3) & 3U); }
  int admissions(PersonId p) const { return people_[p].admissions; }

  std::size_t people() const { return people_.size(); }  ///< everyone ever resident (dead included)
  std::size_t alive() const { return people() - dead_; }
  std::size_t at_home() const;
  /// Expected admissions a year from the cells now (without extra readmissions).
  double admission_rate_per_year() const { return admission_.total() * level_ * kDaysPerYear; }
  const PopulationCounts& counts() const { return counts_; }
  /// Bytes of the person table and cell lists, per resident.
  double bytes_per_person() const;

 private:
  static constexpr double kDaysPerYear = 365.0;
  static constexpr std::size_t kBirthdayCycle = 365;  // days: each resident's birthday is one of them
  static constexpr std::size_t kBirthdayRun = 64;     // rows that share a birthday
  enum Kind : engine::EventKind { kAdmissionClock, kDeathClock, kWorseningClock, kBirthClock, kBirthday, kExtraRisk };
  enum Clock : std::size_t { kAdmitting, kDying, kWorsening, kClocks };
  enum Purpose : std::uint32_t { kClockStream, kPickStream, kExtraRiskStream, kBirthStream, kInitialStream };

  std::size_t cell_of(PersonId p) const;
  std::size_t cell(std::size_t locality, std::size_t band, std::size_t sex, std::size_t frailty) const {
    return ((locality * bands_ + band) * scenario::kSexes + sex) * scenario::kFrailtyLevels + frailty;
  }
  void join_cell(PersonId p);
  void leave_cell(PersonId p);
  void set_state(PersonId p, State s) {
    people_[p].traits = static_cast<std::uint8_t>((people_[p].traits & 7U) | (unsigned(s) << 3));
  }
  PersonId pick(WeightedCells& rates, engine::RandomStream& stream);
  PersonId add_person(int age, std::size_t sex, std::size_t frailty, std::size_t locality);
  void take_into_care(PersonId p);
  /// Redraws a clock's next candidate from now at its envelope rate (after raising the envelope
  /// if the clock's rate has outgrown it).
  void rearm(Clock clock, engine::LpContext& context);
  void check_envelope(Clock clock, engine::LpContext& context);
  bool accept(Clock clock);
  void birthday(engine::LpContext& context);
  double clock_rate(Clock clock) const;  // per day, now

  const scenario::PopulationSpec& spec_;
  scenario::ArrivalProfile profile_;
  engine::EventKind first_kind_;
  std::size_t bands_, localities_;

  // The person table: one small record a resident, so that the few fields an admission, a death
  // or a return home touch share a cache line (a population this large is all cache misses).
  struct Person {
    std::uint16_t slot_low;  // position in the cell's member list: 24 bits, low 16 ...
    std::uint8_t slot_high;  // ... and high 8 (a cell holds at most 16.7 million people)
    std::uint8_t locality;
    std::uint16_t last_discharge_day;  // day of the run + 1; 0: none yet
    std::uint8_t age;
    std::uint8_t traits;  // sex (bit 0), frailty (bits 1-2), state (bits 3-4)
    std::uint8_t admissions;  // saturates at 255
  };
  static_assert(sizeof(Person) == 10, "a resident stays 10 bytes (14 with the cell lists)");
  static constexpr std::uint32_t kMaxSlot = (1U << 24) - 1;
  std::uint32_t slot(PersonId p) const { return people_[p].slot_low | (std::uint32_t{people_[p].slot_high} << 16); }
  void set_slot(PersonId p, std::uint32_t slot) {
    people_[p].slot_low = static_cast<std::uint16_t>(slot);
    people_[p].slot_high = static_cast<std::uint8_t>(slot >> 16);
  }
  std::vector<Person> people_;
  std::vector<std::vector<PersonId>> members_;  // residents at home, by cell

  // Per-person hazards of each cell (admission before the calibrated level), and the cells'
  // total rates (hazard x people at home).
  std::vector<double> admission_hazard_, death_hazard_, worsening_hazard_;
  WeightedCells admission_, dying_, worsening_;
  double level_ = 1;  // the calibration: admissions per person-day = level_ x admission hazard
  std::array<double, kClocks> envelope_{};  // per day, an upper bound on the clock's rate
  std::array<std::uint64_t, kClocks> ticket_{};  // only the latest scheduled candidate counts
  double births_per_day_ = 0;
  std::vector<double> birth_locality_shares_;
  std::size_t dead_ = 0;

  engine::RandomStream clock_stream_, pick_stream_, extra_risk_stream_, birth_stream_, initial_stream_;
  PopulationCounts counts_;
};

}  // namespace careflow::model
