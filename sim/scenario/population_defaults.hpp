#pragma once
// Default hazards of a population (docs/population.md gives the sources and what is assumed).
// Bands: 0-4, 5-14, 15-44, 45-64, 65-74, 75-84, 85+. Rates per person-year, female then male.

#include <array>

namespace careflow::scenario::population_defaults {

inline constexpr std::array<int, 7> kBandStarts{0, 5, 15, 45, 65, 75, 85};

// Emergency admissions: a rounded approximation of the national age profile (HES admitted
// patient care, emergency admission method, England), not a transcription of its table; over
// England's mid-2022 residents it gives 115 a 1,000 a year (HES 2024-25: 6.58 million for 57.1
// million) and 47% of admissions at 65 or over. Only the shape matters: every care system's
// level is calibrated to its own published total.
inline constexpr std::array<double, 7> kAdmissionFemale{0.13, 0.04, 0.075, 0.085, 0.17, 0.31, 0.55};
inline constexpr std::array<double, 7> kAdmissionMale{0.16, 0.045, 0.055, 0.095, 0.20, 0.36, 0.62};

// Deaths: ONS national life tables for England (2020-2022) as band averages of the central death
// rate; over England's mid-2022 residents they give 555,000 deaths a year (ONS registered about
// 544,000 in England in 2022).
inline constexpr std::array<double, 7> kDeathFemale{0.0008, 0.00008, 0.0005, 0.0035, 0.012, 0.038, 0.14};
inline constexpr std::array<double, 7> kDeathMale{0.0010, 0.0001, 0.0010, 0.0055, 0.019, 0.055, 0.17};

// Frailty at the start, by band (moderate, severe; the rest low): the rise with age of the
// electronic frailty index (Clegg et al., Age and Ageing 2016), folded into three levels and set
// so that the admitted mix (61% low, 27% moderate, 11% severe) matches the bundled baseline's
// patient groups (60/30/10).
inline constexpr std::array<double, 7> kFrailModerate{0, 0, 0.03, 0.10, 0.29, 0.42, 0.50};
inline constexpr std::array<double, 7> kFrailSevere{0, 0, 0, 0.02, 0.05, 0.11, 0.20};
// Hazard ratios against low frailty (eFI: emergency admission 1.9 to 4.7, death 1.9 to 4.5
// from mild to severe, Clegg et al. 2016), folded into three levels.
inline constexpr std::array<double, 3> kFrailtyAdmissionRatio{1.0, 2.2, 3.5};
inline constexpr std::array<double, 3> kFrailtyDeathRatio{1.0, 2.2, 3.5};
// Worsening per person-year (low to moderate, moderate to severe): an assumption, set so that
// each band's frailty mix stays roughly as it is while people age through it.
inline constexpr std::array<double, 7> kWorseningToModerate{0, 0, 0.001, 0.01, 0.03, 0.05, 0.08};
inline constexpr std::array<double, 7> kWorseningToSevere{0, 0, 0, 0.005, 0.02, 0.04, 0.08};

// One extra emergency admission after a discharge home for 8% of people, mostly within 30 days:
// England's 30-day emergency readmission rate is about 14%, of which the background hazard of
// the people discharged (frail and old) accounts for roughly 6 points.
inline constexpr double kReadmissionExtraRisk = 0.08;
inline constexpr double kReadmissionDecayDays = 10;

// ONS births in England, 2022: about 577,000 live births, 10.1 per 1,000 residents; 51.2% boys.
inline constexpr double kBirthsPer1000 = 10.1;
inline constexpr double kMaleShareOfBirths = 0.512;

}  // namespace careflow::scenario::population_defaults
