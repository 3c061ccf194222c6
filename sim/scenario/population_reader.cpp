#include "scenario/population_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>

#include "scenario/care_network.hpp"
#include "scenario/population_defaults.hpp"
#include "scenario/shares_reader.hpp"

#include "scenario/csv_line.hpp"

namespace careflow::scenario {
namespace {

namespace fs = std::filesystem;
namespace defaults = population_defaults;

constexpr double kMaxPeople = 100e6;  // more than England; the person table indexes 32 bits

// One area's people by sex and single year of age, from a table with columns area code, sex
// (F or M) and age_0 .. age_90.
std::array<AgeCounts, kSexes> read_area(TableReader& t, const char* file_key, const char* area_key,
                                        const fs::path& csv, const std::string& area) {
  std::ifstream in(csv);
  if (!in) t.fail(file_key, "cannot read " + csv.string());
  const auto where = [&](long line) { return csv.string() + ":" + std::to_string(line) + ": "; };
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  if (header.size() != 2 + kAges || header[1] != "sex" || header[2] != "age_0" ||
      header.back() != "age_" + std::to_string(kOldestAge)) {
    t.fail(file_key, where(1) + "needs the columns area, sex, age_0 .. age_" +
                            std::to_string(kOldestAge));
  }
  std::array<AgeCounts, kSexes> counts{};
  std::array<bool, kSexes> found{};
  std::vector<std::string> areas;
  long number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const auto cells = split_csv_line(line);
    if (cells.size() != header.size()) {
      t.fail(file_key, where(number) + "has " + std::to_string(cells.size()) + " cells, the header " +
                              std::to_string(header.size()));
    }
    if (areas.empty() || areas.back() != cells[0]) areas.push_back(cells[0]);
    if (cells[0] != area) continue;
    const std::size_t sex = cells[1] == "F" ? 0 : cells[1] == "M" ? 1 : kSexes;
    if (sex == kSexes) t.fail(file_key, where(number) + "sex must be F or M, got \"" + cells[1] + "\"");
    if (found[sex]) t.fail(file_key, where(number) + "a second row for " + area + " " + cells[1]);
    found[sex] = true;
    for (std::size_t a = 0; a < kAges; ++a) {
      char* end = nullptr;
      const double n = std::strtod(cells[2 + a].c_str(), &end);
      if (end == cells[2 + a].c_str() || *end != '\0' || !(n >= 0) || n > kMaxPeople || n != std::floor(n)) {
        t.fail(file_key, where(number) + header[2 + a] + " must be a whole number of people, got \"" +
                                cells[2 + a] + "\"");
      }
      counts[sex][a] = n;
    }
  }
  if (!found[0] && !found[1]) {
    std::string known;
    for (std::size_t i = 0; i < areas.size() && i < 6; ++i) known += (i ? ", " : "") + areas[i];
    if (areas.size() > 6) known += ", ...";
    t.fail(area_key, "\"" + area + "\" is not in " + csv.string() + " (its areas: " + known + ")");
  }
  if (!found[0] || !found[1]) t.fail(area_key, "\"" + area + "\" has one sex only in " + csv.string());
  return counts;
}

// Whole people from expected counts: floors, then the largest remainders get one more, so the
// total is the rounded sum (ties to the first cell: the same split on every machine).
void round_to_people(std::vector<double*>& cells) {
  double total = 0;
  for (double* c : cells) total += *c;
  const auto target = static_cast<long long>(std::llround(total));
  std::vector<std::pair<double, std::size_t>> remainders;
  long long whole = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double f = std::floor(*cells[i]);
    remainders.emplace_back(*cells[i] - f, i);
    *cells[i] = f;
    whole += static_cast<long long>(f);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (long long k = 0; k < target - whole && k < static_cast<long long>(remainders.size()); ++k) {
    *cells[remainders[static_cast<std::size_t>(k)].second] += 1;
  }
}

template <std::size_t N>
std::vector<double> per_band(TableReader& t, const char* key, const std::array<double, N>& fallback,
                             std::size_t bands, bool defaults_apply, const Range& range) {
  if (auto given = t.optional_number_list(key, range)) {
    if (given->size() != bands) {
      t.fail(key, "needs " + std::to_string(bands) + " values (one for each age band), has " +
                      std::to_string(given->size()));
    }
    return *given;
  }
  if (!defaults_apply) {
    t.fail(key, "is required when age_bands differ from the default bands (one value for each band)");
  }
  return {fallback.begin(), fallback.end()};
}

std::array<double, kFrailtyLevels> three(TableReader& t, const char* key,
                                         const std::array<double, kFrailtyLevels>& fallback) {
  auto given = t.optional_number_list(key, {0.0, 1000.0, true, "a hazard ratio > 0 and at most 1000"});
  if (!given) return fallback;
  if (given->size() != kFrailtyLevels) {
    t.fail(key, "needs 3 values (low, moderate, severe), has " + std::to_string(given->size()));
  }
  return {(*given)[0], (*given)[1], (*given)[2]};
}

}  // namespace

void set_admission_fates(Scenario& scenario) {
  const auto fates = admission_fates(scenario);
  scenario.population->readmitted_share = fates.readmitted;
  scenario.population->died_share = fates.died;
}

void load_residents(PopulationSpec& spec, const std::string& area, double people, TableReader& where,
                    const char* file_key, const char* area_key) {
  const fs::path csv = spec.residents_file;
  auto counts = read_area(where, file_key, area_key, csv, area);
  double total = 0;
  for (const auto& sex : counts) total += std::accumulate(sex.begin(), sex.end(), 0.0);
  if (total <= 0) where.fail(area_key, "\"" + area + "\" has no residents in " + csv.string());
  const double scale = people > 0 ? people / total : 1.0;
  const std::size_t localities = spec.locality_shares.size();
  spec.residents.assign(localities, {});
  std::vector<double*> cells;
  for (std::size_t l = 0; l < localities; ++l) {
    for (std::size_t s = 0; s < kSexes; ++s) {
      for (std::size_t a = 0; a < kAges; ++a) {
        spec.residents[l][s][a] = counts[s][a] * scale * spec.locality_shares[l];
        cells.push_back(&spec.residents[l][s][a]);
      }
    }
  }
  round_to_people(cells);
}

PopulationSpec read_population(TableReader& t, const std::vector<std::string>& localities) {
  PopulationSpec spec;

  // The hazards' age bands.
  bool default_bands = true;
  if (auto starts = t.optional_number_list("age_bands", {0.0, double(kOldestAge), false, "an age from 0 to 90"})) {
    if (starts->empty() || (*starts)[0] != 0) t.fail("age_bands", "must start at age 0");
    for (std::size_t i = 0; i < starts->size(); ++i) {
      if ((*starts)[i] != std::floor((*starts)[i])) t.fail("age_bands", "ages must be whole years");
      if (i > 0 && !((*starts)[i] > (*starts)[i - 1])) t.fail("age_bands", "must rise from one band to the next");
      spec.band_starts.push_back(static_cast<int>((*starts)[i]));
    }
    default_bands = std::equal(spec.band_starts.begin(), spec.band_starts.end(), defaults::kBandStarts.begin(),
                               defaults::kBandStarts.end());
  } else {
    spec.band_starts.assign(defaults::kBandStarts.begin(), defaults::kBandStarts.end());
  }
  const std::size_t bands = spec.band_starts.size();
  const Range rate{0.0, 100.0, false, "a rate per person-year from 0 to 100"};
  const auto admit_f = per_band(t, "admission_rate_female", defaults::kAdmissionFemale, bands, default_bands, rate);
  const auto admit_m = per_band(t, "admission_rate_male", defaults::kAdmissionMale, bands, default_bands, rate);
  const auto death_f = per_band(t, "death_rate_female", defaults::kDeathFemale, bands, default_bands, rate);
  const auto death_m = per_band(t, "death_rate_male", defaults::kDeathMale, bands, default_bands, rate);
  const auto moderate = per_band(t, "frailty_moderate", defaults::kFrailModerate, bands, default_bands,
                                 Range::probability());
  const auto severe = per_band(t, "frailty_severe", defaults::kFrailSevere, bands, default_bands,
                               Range::probability());
  const auto to_moderate = per_band(t, "frailty_worsening_to_moderate", defaults::kWorseningToModerate,
                                    bands, default_bands, rate);
  const auto to_severe = per_band(t, "frailty_worsening_to_severe", defaults::kWorseningToSevere, bands,
                                  default_bands, rate);
  double any_admission = 0;
  for (std::size_t b = 0; b < bands; ++b) {
    spec.admission_rate.push_back({admit_f[b], admit_m[b]});
    spec.death_rate.push_back({death_f[b], death_m[b]});
    if (moderate[b] + severe[b] > 1 + kShareTolerance) {
      t.fail("frailty_severe", "with frailty_moderate, is more than everyone in the band from age " +
                                   std::to_string(spec.band_starts[b]));
    }
    spec.frailty_shares.push_back({std::max(0.0, 1 - moderate[b] - severe[b]), moderate[b], severe[b]});
    spec.frailty_worsening.push_back({to_moderate[b], to_severe[b]});
    any_admission += admit_f[b] + admit_m[b];
  }
  if (any_admission <= 0) t.fail("admission_rate_female", "with admission_rate_male, admits no one at any age");
  spec.frailty_admission_ratio = three(t, "frailty_admission_ratio", defaults::kFrailtyAdmissionRatio);
  spec.frailty_death_ratio = three(t, "frailty_death_ratio", defaults::kFrailtyDeathRatio);

  spec.admissions_per_year = t.number("admissions_per_year", {0.0, 1e9, true, "admissions a year > 0"});
  spec.readmission_extra_risk =
      t.number("readmission_extra_risk", {0.0, 0.99, false, "a probability from 0 to 0.99"},
               defaults::kReadmissionExtraRisk);
  spec.readmission_decay_days = t.number("readmission_decay_days", Range::days(), defaults::kReadmissionDecayDays);
  spec.births_per_1000 = t.number("births_per_1000", {0.0, 100.0, false, "births a year per 1,000 from 0 to 100"},
                                  defaults::kBirthsPer1000);
  spec.male_share_of_births =
      t.number("male_share_of_births", Range::probability(), defaults::kMaleShareOfBirths);

  // The residents: one area of a CSV, optionally scaled, split over the localities.
  const auto csv_name = t.text("residents");
  spec.residents_file = (fs::path(t.file_of_key("residents")).parent_path() / csv_name).string();
  const auto area = t.text("area");
  double people = 0;
  if (t.has("people")) {
    people = t.number("people", {0.0, kMaxPeople, true, "a number of people > 0 and at most 100 million"});
  }
  if (localities.size() > 1 && !t.has("locality_shares")) {
    t.fail("locality_shares", "is required with more than one locality (the share of residents in each)");
  }
  spec.locality_shares = read_shares(t, "locality_shares", localities, "locality", {1.0});
  load_residents(spec, area, people, t, "residents", "area");
  if (spec.people() < 1) t.fail("people", "leaves no residents");
  t.reject_unknown_keys();
  return spec;
}

}  // namespace careflow::scenario
