#include "experiment/design.hpp"

#include <gtest/gtest.h>

#include <set>

namespace careflow::experiment {
namespace {

Factor range_factor(const std::string& name, double low, double high) {
  Factor f;
  f.name = name;
  f.distribution = Distribution::uniform;
  f.low = low;
  f.high = high;
  return f;
}

Factor level_factor(const std::string& name, std::vector<Level> levels) {
  Factor f;
  f.name = name;
  f.distribution = Distribution::levels;
  f.levels = std::move(levels);
  return f;
}

TEST(design_test, a_grid_has_every_combination_once) {
  SweepSpec s;
  s.design = Design::grid;
  s.factors = {level_factor("a", {1.0, 2.0, 3.0}), level_factor("b", {false, true}),
               level_factor("c", {std::string("queue"), std::string("turn away")})};
  const auto d = make_design(s);
  ASSERT_EQ(d.size(), 12U);
  EXPECT_EQ(design_size(s), 12U);
  std::set<std::vector<Level>> seen;
  for (std::size_t p = 0; p < d.size(); ++p) {
    std::vector<Level> values;
    for (std::size_t f = 0; f < 3; ++f) values.push_back(s.factors[f].at(d.unit[p][f]));
    seen.insert(values);
  }
  EXPECT_EQ(seen.size(), 12U);
  // The first factor varies slowest, the last fastest.
  EXPECT_EQ(s.factors[0].at(d.unit[0][0]), Level(1.0));
  EXPECT_EQ(s.factors[0].at(d.unit[3][0]), Level(1.0));
  EXPECT_EQ(s.factors[0].at(d.unit[4][0]), Level(2.0));
  EXPECT_EQ(s.factors[2].at(d.unit[1][2]), Level(std::string("turn away")));
}

TEST(design_test, a_latin_hypercube_puts_one_point_in_each_stratum_of_every_factor) {
  SweepSpec s;
  s.design = Design::lhs;
  s.samples = 37;
  s.seed = 11;
  s.factors = {range_factor("a", 0, 1), range_factor("b", 10, 20), range_factor("c", -5, 5), range_factor("d", 0, 1)};
  const auto d = make_design(s);
  ASSERT_EQ(d.size(), 37U);
  for (std::size_t f = 0; f < 4; ++f) {
    std::vector<int> hits(37, 0);
    for (std::size_t p = 0; p < 37; ++p) {
      const double u = d.unit[p][f];
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
      ++hits[static_cast<std::size_t>(u * 37)];
    }
    for (int h : hits) EXPECT_EQ(h, 1) << "factor " << f;
  }
}

TEST(design_test, designs_are_a_function_of_the_seed) {
  SweepSpec s;
  s.design = Design::lhs;
  s.samples = 10;
  s.seed = 1;
  s.factors = {range_factor("a", 0, 1)};
  const auto first = make_design(s), again = make_design(s);
  EXPECT_EQ(first.unit, again.unit);
  s.seed = 2;
  EXPECT_NE(make_design(s).unit, first.unit);
}

TEST(design_test, saltelli_rows_take_exactly_one_factor_from_b) {
  SweepSpec s;
  s.design = Design::sobol;
  s.samples = 16;
  s.factors = {range_factor("a", 0, 1), range_factor("b", 0, 1), range_factor("c", 0, 1)};
  const auto d = make_design(s);
  ASSERT_EQ(d.size(), 16U * 5);
  const auto& matrix = d.column("sobol_matrix");
  const auto& factor = d.column("sobol_factor");
  for (std::size_t j = 0; j < 16; ++j) {
    const std::size_t base = j * 5;
    const auto& a = d.unit[base];
    const auto& b = d.unit[base + 1];
    EXPECT_EQ(matrix[base], kSobolA);
    EXPECT_EQ(matrix[base + 1], kSobolB);
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& ab = d.unit[base + 2 + i];
      EXPECT_EQ(matrix[base + 2 + i], kSobolAB);
      EXPECT_EQ(factor[base + 2 + i], static_cast<std::int64_t>(i));
      for (std::size_t f = 0; f < 3; ++f) EXPECT_EQ(ab[f], f == i ? b[f] : a[f]);
    }
    EXPECT_NE(a, b);
  }
}

TEST(design_test, morris_steps_move_one_factor_by_delta) {
  SweepSpec s;
  s.design = Design::morris;
  s.samples = 12;
  s.morris_levels = 6;
  s.seed = 5;
  s.factors = {range_factor("a", 0, 1), range_factor("b", 0, 1), range_factor("c", 0, 1), range_factor("d", 0, 1)};
  const auto d = make_design(s);
  ASSERT_EQ(d.size(), 12U * 5);
  const double delta = morris_delta(6);  // 0.6
  EXPECT_DOUBLE_EQ(delta, 0.6);
  const auto& step = d.column("morris_step");
  const auto& factor = d.column("morris_factor");
  const auto& direction = d.column("morris_direction");
  for (std::size_t t = 0; t < 12; ++t) {
    std::set<std::int64_t> moved;
    for (std::size_t k = 1; k <= 4; ++k) {
      const std::size_t p = t * 5 + k;
      EXPECT_EQ(step[p], static_cast<std::int64_t>(k));
      moved.insert(factor[p]);
      for (std::size_t f = 0; f < 4; ++f) {
        const double change = d.unit[p][f] - d.unit[p - 1][f];
        if (static_cast<std::int64_t>(f) == factor[p]) {
          EXPECT_NEAR(change, static_cast<double>(direction[p]) * delta, 1e-12);
        } else {
          EXPECT_EQ(change, 0.0);
        }
        EXPECT_GE(d.unit[p][f], 0.0);
        EXPECT_LE(d.unit[p][f], 1.0);
      }
    }
    EXPECT_EQ(moved.size(), 4U) << "every factor moves once in a trajectory";
  }
}

TEST(design_test, factor_values_map_the_unit_interval) {
  auto f = range_factor("x", 2, 8);
  EXPECT_EQ(f.at(0.0), Level(2.0));
  EXPECT_EQ(f.at(1.0), Level(8.0));
  EXPECT_EQ(f.at(0.5), Level(5.0));
  f.distribution = Distribution::integer;
  EXPECT_EQ(f.at(0.0), Level(2.0));
  EXPECT_EQ(f.at(0.999), Level(8.0));
  EXPECT_EQ(f.at(1.0), Level(8.0));
  EXPECT_EQ(f.at(0.5), Level(5.0));  // seven values 2..8, the fourth
  f.distribution = Distribution::log_uniform;
  f.low = 1;
  f.high = 100;
  EXPECT_NEAR(std::get<double>(f.at(0.5)), 10.0, 1e-12);
  EXPECT_EQ(f.at(1.0), Level(100.0));
  const auto levels = level_factor("l", {1.0, 2.0, 3.0, 4.0});
  EXPECT_EQ(levels.at(0.24), Level(1.0));
  EXPECT_EQ(levels.at(0.26), Level(2.0));
  EXPECT_EQ(levels.at(1.0), Level(4.0));
}

}  // namespace
}  // namespace careflow::experiment
