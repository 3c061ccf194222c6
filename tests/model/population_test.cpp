// The population's cell method against drawing person by person: the same law of admissions per
// person, with ageing, worsening frailty, deaths, a time-varying rate and the extra risk after a
// discharge all in play; and the method's costs: pending events that do not grow with the
// residents, and a person table of at most 16 bytes a resident.

#include "model/population.hpp"

#include <gtest/gtest.h>

#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <vector>

#include "engine/simulator.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::model {
namespace {

using engine::Tick;
constexpr engine::EventKind kComeHome = 0;
constexpr engine::EventKind kFirstPopulationKind = 1;
constexpr double kStayDays = 5;

// Residents of every age 0-90, `per_age` of each sex; hazards high enough that a person's
// admissions spread over several values in two years.
scenario::PopulationSpec test_spec(double per_age) {
  scenario::PopulationSpec spec;
  spec.residents.resize(1);
  for (auto& sex : spec.residents[0]) sex.fill(per_age);
  spec.band_starts = {0, 5, 15, 45, 65, 75, 85};
  spec.admission_rate = {{0.3, 0.4}, {0.1, 0.1}, {0.2, 0.15}, {0.3, 0.35}, {0.6, 0.7}, {1.0, 1.2}, {1.6, 1.8}};
  spec.death_rate = {{0.004, 0.005}, {0.001, 0.001}, {0.003, 0.005}, {0.02, 0.03}, {0.06, 0.09}, {0.2, 0.25}, {0.5, 0.6}};
  spec.frailty_shares = {{1, 0, 0}, {1, 0, 0}, {0.9, 0.1, 0}, {0.8, 0.15, 0.05}, {0.6, 0.3, 0.1}, {0.4, 0.4, 0.2}, {0.2, 0.5, 0.3}};
  spec.frailty_admission_ratio = {1, 2, 4};
  spec.frailty_death_ratio = {1, 2, 3};
  spec.frailty_worsening = {{0, 0}, {0, 0}, {0.02, 0.02}, {0.05, 0.05}, {0.2, 0.2}, {0.3, 0.3}, {0.4, 0.4}};
  spec.admissions_per_year = per_age * 2 * scenario::kAges * 0.5;
  spec.readmission_extra_risk = 0.3;
  spec.readmission_decay_days = 10;
  spec.births_per_1000 = 0;
  return spec;
}

scenario::ArrivalProfile weekly_profile() {
  scenario::ArrivalProfile profile;
  profile.day_of_week = {1.4, 1.2, 1.0, 1.0, 0.9, 0.7, 0.8};
  return profile;
}

// Admits whoever the population admits, keeps them in care for a fixed stay, sends them home.
class HoldForAStay final : public engine::LogicalProcess {
 public:
  HoldForAStay(Population& population, double stay_days) : population_(population), stay_days_(stay_days) {}
  void initialize(engine::LpContext& context) override {
    population_.calibrate(0, 1);
    population_.start(context);
  }
  void handle(const engine::Event& event, engine::LpContext& context) override {
    if (event.kind == kComeHome) {
      population_.back_home(static_cast<PersonId>(event.payload), context);
      --in_care;
      return;
    }
    const PersonId p = population_.handle(event, context);
    if (p == kNoPerson) return;
    ++in_care;
    if (stay_days_ > 0) {
      context.schedule(engine::ticks_from_days(stay_days_), kComeHome, p);
    } else {
      population_.back_home(p, context);
      --in_care;
    }
  }
  std::size_t in_care = 0;

 private:
  Population& population_;
  double stay_days_;
};

engine::StreamId streams(std::uint64_t seed) { return {.seed = seed, .replication = 0}; }

// Person by person: each resident's own clocks (admission by thinning at the profile's peak,
// death, worsening, the extra risk after a discharge), redrawn after every change of hazard
// (memoryless), with the same birthdays and stays as the population's. Returns admissions per person.
std::vector<int> person_by_person(const Population& start, const scenario::ArrivalProfile& profile,
                                  double days, std::uint64_t seed, std::uint64_t* deaths) {
  engine::RandomStream stream({.seed = seed, .replication = 7, .purpose = 99});
  boost::random::exponential_distribution<double> unit(1.0);
  const auto draw = [&](double rate) {
    return rate > 0 ? unit(stream) / rate : std::numeric_limits<double>::infinity();
  };
  const double peak = 1.4;
  const double extra_total = -std::log1p(-0.3);
  std::vector<int> admissions(start.people(), 0);
  for (PersonId p = 0; p < start.people(); ++p) {
    int age = start.age(p);
    std::size_t frailty = start.frailty(p);
    const std::size_t sex = start.sex(p);
    double t = 0;
    double extra_at = std::numeric_limits<double>::infinity();
    const auto birthday_run = p / 64;  // Population::kBirthdayRun rows share a birthday
    double next_birthday = static_cast<double>(birthday_run % 365 == 0 ? 365 : birthday_run % 365);
    while (t < days) {
      const auto h = start.hazards(0, age, sex, frailty);
      const double admit = t + draw(h.admission * peak);
      const double die = t + draw(h.death);
      const double worsen = t + draw(h.worsening);
      const double first = std::min({admit, die, worsen, extra_at, next_birthday, days});
      if (first >= days) break;
      if (first == next_birthday) {
        t = next_birthday;
        next_birthday += 365;
        if (age < scenario::kOldestAge) ++age;
        continue;
      }
      if (first == die) {
        ++*deaths;
        break;
      }
      if (first == worsen) {
        t = worsen;
        ++frailty;
        continue;
      }
      const bool accepted = first == extra_at ||
                            stream.uniform01() * peak < profile.day_of_week[static_cast<std::size_t>(
                                                           static_cast<long>(std::floor(admit)) % 7)];
      t = first;
      if (!accepted) continue;
      ++admissions[p];
      // In care for the stay (birthdays still come), then home with a fresh extra risk.
      const double home = t + kStayDays;
      while (next_birthday <= home) {
        if (age < scenario::kOldestAge) ++age;
        next_birthday += 365;
      }
      t = home;
      extra_at = std::numeric_limits<double>::infinity();
      const double e = unit(stream);
      if (e < extra_total) extra_at = t - 10 * std::log1p(-e / extra_total);
    }
  }
  return admissions;
}

std::vector<double> histogram(const std::vector<int>& admissions, int bins) {
  std::vector<double> h(static_cast<std::size_t>(bins), 0);
  for (int a : admissions) h[static_cast<std::size_t>(std::min(a, bins - 1))] += 1;
  return h;
}

TEST(population_test, cells_give_the_same_admissions_per_person_as_drawing_person_by_person) {
  const auto spec = test_spec(120);  // 21,840 residents
  const auto profile = weekly_profile();
  const double days = 730;
  Population cells(spec, profile, streams(11), 0, kFirstPopulationKind);
  // The reference starts from the same residents (the same initial draws) and hazards.
  Population reference_start(spec, profile, streams(11), 0, kFirstPopulationKind);
  reference_start.calibrate(0, 1);

  HoldForAStay lp(cells, kStayDays);
  engine::Simulator simulator(engine::kTicksPerDay);
  simulator.add(lp);
  simulator.run_until(engine::ticks_from_days(days));
  std::vector<int> by_cells(cells.people());
  for (PersonId p = 0; p < cells.people(); ++p) by_cells[p] = cells.admissions(p);

  std::uint64_t reference_deaths = 0;
  const auto by_person = person_by_person(reference_start, profile, days, 11, &reference_deaths);

  // Two samples of the same size: chi-square on the histogram of admissions per person.
  const int bins = 9;
  const auto a = histogram(by_cells, bins);
  const auto b = histogram(by_person, bins);
  double chi2 = 0;
  for (int k = 0; k < bins; ++k) {
    const double n = a[static_cast<std::size_t>(k)] + b[static_cast<std::size_t>(k)];
    if (n > 0) chi2 += std::pow(a[static_cast<std::size_t>(k)] - b[static_cast<std::size_t>(k)], 2) / n;
  }
  EXPECT_LT(chi2, 26.1) << "8 degrees of freedom, p = 0.001";
  // Both spread over several values (a law worth comparing).
  EXPECT_GT(a[0], 1000);
  EXPECT_GT(a[3], 1000);
  // Deaths at home: two Poisson-like counts of the same mean.
  const auto cell_deaths = static_cast<double>(cells.counts().deaths_at_home);
  EXPECT_LT(std::abs(cell_deaths - static_cast<double>(reference_deaths)),
            4 * std::sqrt(cell_deaths + static_cast<double>(reference_deaths)));
  EXPECT_GT(cells.counts().extra_readmissions, 1000U);
  EXPECT_GT(cells.counts().frailty_worsened, 1000U);
}

// The law itself, exactly where it is known: with no deaths, ageing, worsening or extra risk and
// a flat profile, each resident's admissions in a year are Poisson with mean = their hazard x
// (the year less the time in care), and the total over everyone has mean spec.admissions_per_year.
TEST(population_test, calibrated_admissions_match_the_yearly_total) {
  auto spec = test_spec(300);
  for (auto& rate : spec.death_rate) rate = {0, 0};
  for (auto& rate : spec.frailty_worsening) rate = {0, 0};
  spec.readmission_extra_risk = 0;
  spec.band_starts = {0};
  spec.admission_rate = {{0.5, 0.5}};
  spec.death_rate = {{0, 0}};
  spec.frailty_shares = {{1, 0, 0}};
  spec.frailty_worsening = {{0, 0}};
  Population population(spec, scenario::ArrivalProfile{}, streams(5), 0, kFirstPopulationKind);
  HoldForAStay lp(population, 0);  // home at once: everyone always at risk
  engine::Simulator simulator(engine::kTicksPerDay);
  simulator.add(lp);
  simulator.run_until(engine::ticks_from_days(365));
  const double expected = spec.admissions_per_year;  // 27,300
  const auto measured = static_cast<double>(population.counts().admissions);
  EXPECT_LT(std::abs(measured - expected), 4 * std::sqrt(expected)) << measured;
  EXPECT_EQ(population.alive(), population.people());
  EXPECT_EQ(population.at_home(), population.people());
}

// The pending events are the population's clocks, not one per resident: the same for 10,000
// residents as for 500,000.
TEST(population_test, pending_events_do_not_grow_with_the_residents) {
  std::vector<std::size_t> pending;
  for (double per_age : {55.0, 2750.0}) {
    auto spec = test_spec(per_age);
    spec.readmission_extra_risk = 0;  // no events of a person's own
    Population population(spec, weekly_profile(), streams(3), 0, kFirstPopulationKind);
    HoldForAStay lp(population, 0);
    engine::Simulator simulator(engine::kTicksPerDay);
    simulator.add(lp);
    simulator.run_until(engine::ticks_from_days(30));
    EXPECT_GT(population.counts().admissions, 100U);
    pending.push_back(simulator.context(0).pending());
  }
  EXPECT_LE(pending[0], 8U);
  EXPECT_LE(pending[1], 8U);
}

// Conservation: everyone is at home, in care or dead, at the end of a run with all of it going on.
TEST(population_test, every_resident_is_at_home_in_care_or_dead) {
  auto spec = test_spec(100);
  spec.births_per_1000 = 50;
  Population population(spec, weekly_profile(), streams(9), 0, kFirstPopulationKind);
  HoldForAStay lp(population, kStayDays);
  engine::Simulator simulator(engine::kTicksPerDay);
  simulator.add(lp);
  simulator.run_until(engine::ticks_from_days(400));
  const auto& c = population.counts();
  EXPECT_GT(c.births, 200U);
  EXPECT_GT(c.deaths_at_home, 200U);
  EXPECT_EQ(population.people(), 2 * 100 * scenario::kAges + c.births);
  EXPECT_EQ(population.alive(), population.people() - c.deaths_at_home);
  EXPECT_EQ(population.at_home() + lp.in_care, population.alive());
  std::size_t in_care = 0, dead = 0;
  for (PersonId p = 0; p < population.people(); ++p) {
    in_care += population.state(p) == Population::State::in_care ? 1 : 0;
    dead += population.state(p) == Population::State::dead ? 1 : 0;
  }
  EXPECT_EQ(in_care, lp.in_care);
  EXPECT_EQ(dead, c.deaths_at_home);
}

// The bundled million-resident scenario's person table: at most 16 bytes a resident.
TEST(population_test, a_resident_takes_at_most_16_bytes) {
  const auto s = scenario::load_scenario(
      (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios" / "population_1m.toml").string());
  ASSERT_TRUE(s.population);
  Population population(*s.population, s.arrivals, streams(1), 0, kFirstPopulationKind);
  EXPECT_EQ(population.people(), 1'000'000U);
  EXPECT_LE(population.bytes_per_person(), 16.0);
  EXPECT_GE(population.bytes_per_person(), 10.0);  // the columns themselves
}

}  // namespace
}  // namespace careflow::model
