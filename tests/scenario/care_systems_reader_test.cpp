// England's care systems as the [systems] reader builds them from the template (population_1m):
// acute stays stretched to each region's beds per admission; community capacity per person aged
// 65+, raised only where that leaves a service busier than the template's busiest; each group's
// admissions from its own residents' hazards; services starting at their offered loads.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "scenario/care_network.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::scenario {
namespace {

const std::string kScenarios = (std::filesystem::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

struct England : ::testing::Test {
  static void SetUpTestSuite() {
    england = new Scenario(load_scenario(kScenarios + "/england.toml"));
    base = new Scenario(load_scenario(kScenarios + "/population_1m.toml"));
  }
  static void TearDownTestSuite() {
    delete england;
    delete base;
  }
  static Scenario* england;
  static Scenario* base;
};
Scenario* England::england = nullptr;
Scenario* England::base = nullptr;

const Service& service_named(const Scenario& s, const std::string& name) {
  return *std::find_if(s.services.begin(), s.services.end(), [&](const Service& x) { return x.name == name; });
}

double demand_utilisation(const Scenario& s, const std::string& unit) {
  for (const auto& load : offered_loads(s, false))
    if (load.unit == unit) return load.demand_utilisation();
  return -1;
}

TEST_F(England, acute_stays_are_stretched_to_each_regions_beds_per_admission) {
  ASSERT_EQ(england->systems.size(), 42U);
  std::map<std::string, std::pair<double, double>> region;  // beds, admissions a year
  for (const auto& s : england->systems) {
    region[s.region].first += s.acute_beds();
    region[s.region].second += s.population->admissions_per_year;
  }
  const double template_ratio = base->acute_beds() / base->population->admissions_per_year;
  double least = 10, most = 0;
  for (const auto& s : england->systems) {
    const auto [beds, admissions] = region[s.region];
    const double factor = beds / admissions / template_ratio;
    EXPECT_NEAR(s.acute_stay_factor, factor, 1e-12) << s.code;
    ASSERT_EQ(s.groups.size(), base->groups.size());
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
      EXPECT_NEAR(s.groups[g].stay.mean, base->groups[g].stay.mean * factor, 1e-9) << s.code;
      EXPECT_NEAR(s.groups[g].stay.log_mu, base->groups[g].stay.log_mu + std::log(factor), 1e-9) << s.code;
      EXPECT_EQ(s.groups[g].stay.log_sigma, base->groups[g].stay.log_sigma) << s.code;  // the same shape
    }
    least = std::min(least, factor);
    most = std::max(most, factor);
  }
  EXPECT_LT(least, 0.95);  // the Midlands: fewer beds per admission than the template
  EXPECT_GT(most, 1.2);    // London: more
}

TEST_F(England, community_capacity_follows_people_65_plus_unless_it_falls_short) {
  double busiest = 0;
  for (const auto& service : base->services) busiest = std::max(busiest, demand_utilisation(*base, service.name));
  const double base_65 = base->population->people_aged_at_least(65);
  int raised = 0, kept = 0;
  for (const auto& s : england->systems) {
    const double r65 = s.population->people_aged_at_least(65) / base_65;
    for (const auto& service : s.services) {
      const int per_65 = std::max(1, static_cast<int>(std::lround(service_named(*base, service.name).capacity * r65)));
      const double utilisation = demand_utilisation(s, service.name);
      const bool was_raised =
          std::find(s.capacity_raised.begin(), s.capacity_raised.end(), service.name) != s.capacity_raised.end();
      if (was_raised) {
        ++raised;
        EXPECT_GT(service.capacity, per_65) << s.code << " " << service.name;
      } else {
        ++kept;
        EXPECT_EQ(service.capacity, per_65) << s.code << " " << service.name;
      }
      EXPECT_LE(utilisation, busiest * 1.0001) << s.code << " " << service.name;
      // Started as full as the load it is offered, and with nobody waiting for it.
      EXPECT_EQ(service.initially_waiting, 0) << s.code;
      EXPECT_LE(service.initially_occupied, service.capacity) << s.code;
    }
  }
  EXPECT_GT(kept, raised);  // most keep the template's capacity per person 65+
  EXPECT_GT(raised, 0);     // HES admits more per older person than the template in some areas
}

TEST_F(England, a_capacity_given_for_one_care_system_is_kept_as_given_and_never_raised) {
  const auto raised = std::find_if(england->systems.begin(), england->systems.end(),
                                   [](const Scenario& s) { return !s.capacity_raised.empty(); });
  ASSERT_NE(raised, england->systems.end());
  const std::string code = raised->code, service = raised->capacity_raised.front();
  const auto s = load_scenario(kScenarios + "/england.toml",
                               {"systems.only=[\"" + code + "\"]", "systems.capacity." + code + "." + service + "=3",
                                "systems.capacity." + code + ".acute=1234"});
  ASSERT_EQ(s.systems.size(), 1U);
  const auto& one = s.systems.front();
  EXPECT_EQ(service_named(one, service).capacity, 3);
  EXPECT_EQ(std::count(one.capacity_raised.begin(), one.capacity_raised.end(), service), 0);
  EXPECT_EQ(one.acute_units.front().beds, 1234);
  EXPECT_LE(one.acute_units.front().initially_occupied, 1234);
  EXPECT_LE(service_named(one, service).initially_occupied, 3);

  try {
    load_scenario(kScenarios + "/england.toml", {"systems.only=[\"" + code + "\"]", "systems.capacity.QXX.acute=5"});
    FAIL() << "a care system not in the run";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "systems.capacity.QXX");
  }
  try {
    load_scenario(kScenarios + "/england.toml", {"systems.capacity." + code + ".p9=5"});
    FAIL() << "no such unit";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.key(), "systems.capacity." + code + ".p9");
  }
}

TEST_F(England, each_groups_admissions_follow_its_own_residents_hazards) {
  for (const auto& s : england->systems) {
    const auto& p = *s.population;
    double older = 0, all = 0;  // expected admissions a year at the band rates
    for (const auto& locality : p.residents) {
      for (std::size_t sex = 0; sex < kSexes; ++sex) {
        for (int age = 0; age <= kOldestAge; ++age) {
          const double a = locality[sex][static_cast<std::size_t>(age)] * p.admission_rate[p.band_of(age)][sex];
          all += a;
          if (age >= 65) older += a;
        }
      }
    }
    double groups_older = 0, groups_all = 0;
    for (const auto& g : s.groups) {
      groups_all += g.admissions_per_day;
      if (g.min_age >= 65) groups_older += g.admissions_per_day;
    }
    EXPECT_NEAR(groups_older / groups_all, older / all, 1e-9) << s.code;
  }
}

}  // namespace
}  // namespace careflow::scenario
