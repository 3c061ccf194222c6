#pragma once
// A care system's residents and the hazards they live by ([population] in a scenario): who lives
// there at the start (by locality, sex and single year of age), how often each kind of person is
// admitted in an emergency, dies, or grows frailer, how a recent discharge raises the risk of
// coming back, and the births that renew the population. Rates are per person-year; see
// docs/population.md for the sources of every default.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "scenario/frailty_levels.hpp"

namespace careflow::scenario {

inline constexpr std::size_t kSexes = 2;  ///< 0 female, 1 male (the ONS tables' order)
inline constexpr std::array<const char*, kSexes> kSexNames{"female", "male"};
/// Single years of age 0 .. kOldestAge, the last one meaning "this age or older" (ONS's 90+).
inline constexpr int kOldestAge = 90;
inline constexpr std::size_t kAges = kOldestAge + 1;

/// The people of one sex in one locality, by single year of age.
using AgeCounts = std::array<double, kAges>;

struct PopulationSpec {
  std::string residents_file;          ///< the CSV the residents came from (a path)
  std::vector<double> locality_shares;  ///< share of the residents in each locality
  /// residents[locality][sex][age]: whole people.
  std::vector<std::array<AgeCounts, kSexes>> residents;

  /// Lower age of each band the hazards are given for (the first is 0, the last open-ended).
  std::vector<int> band_starts;
  /// Emergency admissions per person-year by band, female then male: the shape of the age
  /// profile. The level is set by admissions_per_year (calibration).
  std::vector<std::array<double, kSexes>> admission_rate;
  /// Deaths at home per person-year by band, female then male.
  std::vector<std::array<double, kSexes>> death_rate;
  /// Share of each band at each frailty level at the start (each row sums to 1).
  std::vector<std::array<double, kFrailtyLevels>> frailty_shares;
  /// Hazard ratios of admission and of death by frailty level, against the band's low level.
  std::array<double, kFrailtyLevels> frailty_admission_ratio{1, 1, 1};
  std::array<double, kFrailtyLevels> frailty_death_ratio{1, 1, 1};
  /// Per person-year, by band: low to moderate, and moderate to severe.
  std::vector<std::array<double, 2>> frailty_worsening;

  /// The care system's emergency admissions a year (all of them, readmissions included): the
  /// hazards are scaled so that the run's admissions match it.
  double admissions_per_year = 0;
  /// After a discharge home, the chance of one extra emergency admission caused by the stay, and
  /// how quickly that risk fades (its hazard falls as exp(-t / decay_days)).
  double readmission_extra_risk = 0;
  double readmission_decay_days = 10;
  /// Of every emergency admission, the shares the care model readmits itself (a service's
  /// `readmission` outcome) and that die in a service, from the care network's traffic
  /// equations (scenario::admission_fates): the calibration leaves those admissions to the model.
  double readmitted_share = 0, died_share = 0;
  double births_per_1000 = 0;     ///< live births a year per 1,000 residents at the start
  double male_share_of_births = 0.512;

  std::size_t bands() const { return band_starts.size(); }
  /// The band of a single year of age.
  std::size_t band_of(int age) const {
    std::size_t b = 0;
    while (b + 1 < band_starts.size() && age >= band_starts[b + 1]) ++b;
    return b;
  }
  double people() const { return people_aged_at_least(0); }
  /// Residents of `age` or older, in every locality.
  double people_aged_at_least(int age) const {
    double n = 0;
    for (const auto& locality : residents)
      for (const auto& sex : locality)
        for (int a = age; a <= kOldestAge; ++a) n += sex[static_cast<std::size_t>(a)];
    return n;
  }
};

}  // namespace careflow::scenario
