#pragma once
// The validated scenario: everything the model needs, in plain values. Built only by
// load_scenario (scenario_loader.hpp), which checks every rule; nothing downstream re-validates.
// Times are in days, rates per day, money in pounds.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/frailty_levels.hpp"
#include "scenario/population_spec.hpp"

namespace careflow::scenario {

enum class Pathway : std::uint8_t { P0 = 0, P1 = 1, P2 = 2, P3 = 3 };
inline constexpr std::size_t kPathways = 4;
inline constexpr std::array<const char*, kPathways> kPathwayNames{"P0", "P1", "P2", "P3"};

/// A distribution of durations in days.
struct Distribution {
  enum class Kind { exponential, lognormal, gamma, fixed, empirical };
  Kind kind = Kind::fixed;
  double mean = 0.0;                   ///< days, for every kind
  double log_mu = 0.0, log_sigma = 0;  ///< lognormal: parameters of the log
  double shape = 0.0, scale = 0.0;     ///< gamma
  std::vector<double> values;          ///< empirical: durations (days)
  std::vector<double> weights;         ///< empirical: probabilities, summing to 1
};

/// A period with a different capacity, e.g. a care home closed by an outbreak for two weeks.
struct CapacityChange {
  double from_day = 0;  ///< days from the start of the run (warm-up included)
  double to_day = 0;    ///< the usual capacity returns here
  int capacity = 0;
};

/// A period of higher (or lower) admissions, e.g. a winter surge.
struct Surge {
  double from_day = 0;
  double to_day = 0;
  double multiplier = 1;
};

/// How admissions vary over time. Day 0 of a run is a Monday in January.
struct ArrivalProfile {
  std::array<double, 7> day_of_week{1, 1, 1, 1, 1, 1, 1};  ///< Monday first; mean 1
  std::array<double, 24> hour_of_day{};  ///< mean 1 (all 1 unless given)
  std::array<double, 12> month{};        ///< January first; mean 1 (all 1 unless given)
  std::vector<Surge> surges;
  ArrivalProfile() {
    hour_of_day.fill(1.0);
    month.fill(1.0);
  }
};

/// Where people go when a community service ends.
enum class ServiceOutcome : std::uint8_t { home, long_term_care, care_home, readmission, death };
inline constexpr std::size_t kServiceOutcomes = 5;
inline constexpr std::array<const char*, kServiceOutcomes> kServiceOutcomeNames{
    "home", "long_term_care", "care_home", "readmission", "death"};

struct RunSettings {
  double days = 365;       ///< measured days, after the warm-up
  double warmup_days = 30;
  /// warmup_days = "auto": the run chooses its warm-up from a first pass's daily series
  /// (MSER-5); until then warmup_days is 0.
  bool warmup_auto = false;
  int replications = 10;
  std::uint64_t seed = 1;
};

/// An acute unit: its beds and its admission (ED) queue. A scenario has one (`[acute]`, named
/// "acute") or several (`[acute.medicine]`, `[acute.surgery]`, ...), each patient group admitted
/// to one of them.
struct AcuteUnit {
  std::string name = "acute";
  int beds = 0;
  bool turn_away_when_full = false;  ///< true: a loss system (patients diverted elsewhere)
  std::vector<CapacityChange> changes;
  int initially_occupied = 0;  ///< patients already in treatment at the start
  /// Patients waiting for admission at the start: those the beds could not hold when the
  /// scenario's capacity was cut below its starting occupancy (start_trim).
  int initially_queued = 0;
};

/// A move made to fit the starting state to a capacity cut below it (scenario/start_trim).
struct StartTrim {
  std::string key;    ///< the starting figure trimmed, e.g. services.p2_south.initially_occupied
  int before = 0;     ///< its value as written
  int capacity = 0;   ///< places (beds) it had to fit
  int moved = 0;      ///< people moved
  std::string where;  ///< where they went: "wait in acute beds", "the admission queue", ...
};

struct Frailty {
  std::array<double, kFrailtyLevels> stay_multiplier{1, 1, 1};
  std::array<double, kFrailtyLevels> deconditioning_multiplier{1, 1, 1};
};

struct PatientGroup {
  std::string name;
  double admissions_per_day = 0;
  Distribution stay;                             ///< admission to medically ready
  std::array<double, kPathways> pathway_shares{};  ///< sums to 1
  std::vector<double> locality_shares;           ///< by locality index, sums to 1
  std::array<double, kFrailtyLevels> frailty_shares{1, 0, 0};  ///< sums to 1
  std::size_t acute_unit = 0;  ///< index into Scenario::acute_units: where the group is admitted
  /// With a population: the ages (inclusive) of the residents this group's admissions are
  /// drawn from. A resident admitted joins a group whose ages and localities include theirs.
  int min_age = 0, max_age = kOldestAge;
};

struct Service {
  std::string name;
  Pathway pathway = Pathway::P1;
  std::optional<std::size_t> locality;  ///< none: serves every locality
  /// People (P1) or beds (P2, P3) at once; care visits a day if visits_per_day; care hours a
  /// week if package_hours.
  int capacity = 0;
  Distribution stay;
  /// P1 counted in care visits: visits a day a patient needs in week 1, 2, ... of the stay (the
  /// last value holds to the end). Empty: capacity counts people.
  std::vector<double> visits_per_day;
  std::array<double, kServiceOutcomes> outcomes{1, 0, 0, 0, 0};  ///< shares, sum to 1
  std::vector<CapacityChange> changes;
  int initially_occupied = 0;  ///< people already in the service at the start
  int initially_waiting = 0;   ///< medically ready people already waiting in acute beds for it
  /// false (pathway = "none"): a unit reached only from other units' `next` routes, such as a
  /// home-care package provider after reablement; the acute unit never sends patients to it.
  bool from_hospital = true;
  /// After the stay, the share of leavers that moves on to each unit (by index into services),
  /// keeping this unit's place until the next one has room (blocking after service); the rest
  /// leave by `outcomes`.
  std::vector<std::pair<std::size_t, double>> next;
  /// Someone moving on from another unit starts here this long after a place is found (both
  /// places held meanwhile): referral and brokerage between units.
  double brokerage_days = 0;
  /// Cost of a day in the unit; empty: the pathway's community day cost.
  std::optional<double> day_cost;
  /// A social care package provider: capacity counts care hours a week, and each person's
  /// package (hours a week) is drawn from this when they first need a place (at most capacity).
  std::optional<Distribution> package_hours;
  /// Brokerage lengthens as the unit fills: (share of capacity committed, multiplier of
  /// brokerage_days) points, rising in share; linear between them, flat beyond the ends. Empty:
  /// no lengthening.
  std::vector<std::pair<double, double>> brokerage_curve;
  /// The unit's own assessment of someone moving on from another unit, in working days, before
  /// brokerage (none under the trusted assessor lever).
  double assessment_days = 0;
  /// Step-up: referrals a day from home (GPs, community teams) straight into this unit, without
  /// an acute stay; they wait at home in the unit's queue.
  double step_up_per_day = 0;
  /// The brokerage_curve's multiplier when `committed` of the capacity is taken.
  double brokerage_factor(double committed) const {
    if (brokerage_curve.empty()) return 1.0;
    if (committed <= brokerage_curve.front().first) return brokerage_curve.front().second;
    for (std::size_t i = 1; i < brokerage_curve.size(); ++i) {
      const auto [x1, y1] = brokerage_curve[i];
      if (committed <= x1) {
        const auto [x0, y0] = brokerage_curve[i - 1];
        return y0 + (y1 - y0) * (committed - x0) / (x1 - x0);
      }
    }
    return brokerage_curve.back().second;
  }
  /// What one person adds to the unit's load: a place, the first week's visits, or a mean package.
  double mean_place_size() const {
    if (!visits_per_day.empty()) return visits_per_day.front();
    return package_hours ? package_hours->mean : 1.0;
  }
  /// What someone whose stay is over holds while they wait to move on: the last week's visits,
  /// a mean package, or a place.
  double held_after_stay() const {
    if (!visits_per_day.empty()) return visits_per_day.back();
    return package_hours ? package_hours->mean : 1.0;
  }
  bool counts_people() const { return visits_per_day.empty() && !package_hours; }
  double next_share() const { return share_of(next); }

  /// Routes and outcomes for one patient group, where they differ from the unit's own.
  struct GroupRoutes {
    std::vector<std::pair<std::size_t, double>> next;
    std::array<double, kServiceOutcomes> outcomes{};
  };
  /// By group index, every group's routes, when some group's differ (`by_group`); empty: every
  /// group takes `next` and `outcomes`.
  std::vector<GroupRoutes> by_group;
  const std::vector<std::pair<std::size_t, double>>& next_for(std::size_t group) const {
    return by_group.empty() ? next : by_group[group].next;
  }
  const std::array<double, kServiceOutcomes>& outcomes_for(std::size_t group) const {
    return by_group.empty() ? outcomes : by_group[group].outcomes;
  }
  double next_share_for(std::size_t group) const { return share_of(next_for(group)); }
  static double share_of(const std::vector<std::pair<std::size_t, double>>& routes) {
    double total = 0;
    for (const auto& [unit, share] : routes) total += share;
    return total;
  }
};

/// How a medically ready patient on P1-P3 gets out of hospital, under push (all levers off).
struct DischargeProcess {
  double referral_lag_days = 1.0;        ///< readiness (or planning start) to referral received
  double assessment_days = 2.0;          ///< long-term needs assessment
  double provider_assessment_days = 1.0; ///< receiving provider's own assessment, weekdays only
  double brokerage_days = 1.0;           ///< arranging the place once assessed
  double weekend_discharge_share = 0.1;  ///< weekend discharges, relative to a weekday
  double deconditioning_per_day = 0.0;   ///< daily chance a waiting patient steps up a pathway
  double first_hour = 0;                 ///< discharges happen from this hour of the day ...
  double last_hour = 24;                 ///< ... until this one
  double readmission_mean_days = 10;     ///< service end to readmission, for those readmitted
};

/// The levers that make pull; all off is push. Each is separately switchable (DOMAIN.md).
struct Levers {
  bool planning_start = false;      ///< plan from admission against an expected discharge date
  double edd_set_after_days = 2.0;  ///< the EDD is set this long after admission
  double edd_error_sd_days = 1.0;   ///< EDD forecast error (normal, days)
  bool capacity_reservation = false;
  double reserve_days_ahead = 2.0;  ///< reserve a place this long before the EDD
  bool discharge_to_assess = false; ///< assess after discharge: assessment leaves the acute stay
  bool trusted_assessor = false;    ///< no separate provider assessment
  bool seven_day_working = false;   ///< discharges and service starts every day
  bool home_first = false;
  double home_first_share = 0.3;    ///< share of P2/P3 decisions that become P1
  bool transfer_of_care_hub = false;  ///< one queue per pathway across localities
};

struct Costs {
  double acute_bed_day = 0;    ///< every occupied acute bed day
  double delayed_bed_day = 0;  ///< extra, per bed day held by a medically ready patient
  std::array<double, kPathways> community_day{};  ///< per day in a P1/P2/P3 service
};

/// Patients treated in another care system's hospital ([crossings], with [systems]): the
/// neighbours and specialist centres of one region. A crossing patient goes home to their own
/// care system's community services. Every crossing is a message between logical processes.
struct Crossings {
  double share = 0;  ///< of each care system's emergency admissions, treated elsewhere
  /// The residents a care system's beds cannot take, at its region's beds per admission, are
  /// treated in the region's care systems with beds to spare, on top of `share`.
  bool toward_spare_beds = false;
  double transfer_hours = 2;  ///< to the other hospital, and back home to a community service
  double handover_hours = 4;  ///< a place found at home, until the treating hospital hears of it
  // The referral home takes discharge.referral_lag_days.
  /// Mutual aid: a patient waiting in an acute bed for a community bed (P2, P3) for at least
  /// aid_after_days may take a free one in a neighbouring care system (of the same region).
  bool mutual_aid = false;
  double aid_after_days = 2;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;         ///< the file it was loaded from
  std::string source_text;  ///< the whole scenario after `extends` and overrides, as TOML
  RunSettings run;
  std::vector<AcuteUnit> acute_units;  ///< at least one
  ArrivalProfile arrivals;
  std::vector<std::string> localities;
  std::vector<PatientGroup> groups;
  std::vector<Service> services;
  DischargeProcess discharge;
  Frailty frailty;
  Levers levers;
  Costs costs;
  /// Residents and their hazards ([population]): admissions come from them, not from the groups'
  /// admissions_per_day.
  std::optional<PopulationSpec> population;
  /// Several care systems in one run ([systems]): each a complete scenario, this one scaled to
  /// an area (docs/population.md). Empty: this scenario is one care system.
  std::vector<Scenario> systems;
  Crossings crossings;
  /// With [systems] and crossings: the other care systems (by index into the run's systems) that
  /// treat this one's crossing patients, with the share each takes (summing to 1).
  std::vector<std::pair<std::size_t, double>> crossing_destinations;
  /// With [systems] and mutual aid: the other care systems of its region (indexes into the run's
  /// systems), asked in turn, a day each, for free community beds.
  std::vector<std::size_t> aid_neighbours;
  /// Other care systems' residents expected to be admitted here a year (room for their records).
  double crossing_admissions_in_per_year = 0;
  std::string code;    ///< a care system's area code (an ICB's ODS code), with [systems]
  std::string region;  ///< its region (e.g. an NHS England region)
  /// With [systems]: the template's acute stays were stretched by this to fit the region's beds.
  double acute_stay_factor = 1;
  /// With [systems]: the community services whose capacity per person 65+ fell short of their
  /// referrals and was raised to the template's busiest utilisation.
  std::vector<std::string> capacity_raised;
  /// The starting state as trimmed to capacities cut below it (none when it fitted).
  std::vector<StartTrim> start_trims;

  /// The acute beds of every unit together.
  int acute_beds() const {
    int beds = 0;
    for (const auto& unit : acute_units) beds += unit.beds;
    return beds;
  }
  /// Patients in or waiting for acute beds at the start, every unit together.
  int acute_patients_at_start() const {
    int n = 0;
    for (const auto& unit : acute_units) n += unit.initially_occupied + unit.initially_queued;
    return n;
  }

  /// The service a patient of this pathway and locality goes to (every pair a patient can
  /// need has one: the loader checks it). Precondition: pathway is not P0.
  std::size_t service_for(Pathway pathway, std::size_t locality) const;
};

}  // namespace careflow::scenario
