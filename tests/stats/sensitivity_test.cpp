// Sensitivity estimators against known answers: the Ishigami function, a linear model (whose
// Sobol indices, elementary effects and regression coefficients are known exactly), and group
// effects by hand. Designs come from experiment/design.hpp, as in a sweep.
#include "stats/sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "experiment/design.hpp"

namespace careflow::stats {
namespace {

using experiment::DesignPoints;
using experiment::Factor;
using experiment::SweepSpec;

SweepSpec spec_of(experiment::Design design, std::size_t samples, std::vector<std::pair<double, double>> ranges) {
  SweepSpec s;
  s.design = design;
  s.samples = samples;
  s.seed = 7;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    Factor f;
    f.name = "x" + std::to_string(i + 1);
    f.distribution = experiment::Distribution::uniform;
    f.low = ranges[i].first;
    f.high = ranges[i].second;
    s.factors.push_back(f);
  }
  return s;
}

std::vector<double> values_at(const SweepSpec& s, const DesignPoints& d, std::size_t p) {
  std::vector<double> x;
  for (std::size_t f = 0; f < s.factors.size(); ++f) x.push_back(std::get<double>(s.factors[f].at(d.unit[p][f])));
  return x;
}

// Evaluates a Saltelli design and splits the responses into A, B and AB_i.
template <class Model>
SobolIndices sobol_of(const SweepSpec& s, const Model& model, const BootstrapOptions& options = {}) {
  const auto d = experiment::make_design(s);
  const std::size_t k = s.factors.size(), n = s.samples;
  std::vector<double> a(n), b(n);
  std::vector<std::vector<double>> ab(k, std::vector<double>(n));
  const auto& matrix = d.column("sobol_matrix");
  const auto& sample = d.column("sobol_sample");
  const auto& factor = d.column("sobol_factor");
  for (std::size_t p = 0; p < d.size(); ++p) {
    const double y = model(values_at(s, d, p));
    const auto j = static_cast<std::size_t>(sample[p]);
    if (matrix[p] == experiment::kSobolA) a[j] = y;
    if (matrix[p] == experiment::kSobolB) b[j] = y;
    if (matrix[p] == experiment::kSobolAB) ab[static_cast<std::size_t>(factor[p])][j] = y;
  }
  return sobol_indices(a, b, ab, options);
}

double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + 7.0 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

TEST(sensitivity_test, ishigami_indices_lie_in_their_bootstrap_intervals) {
  // a = 7, b = 0.1: S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437 (Ishigami & Homma 1990).
  constexpr double pi = std::numbers::pi;
  const auto s = spec_of(experiment::Design::sobol, 4096, {{-pi, pi}, {-pi, pi}, {-pi, pi}});
  const auto indices = sobol_of(s, ishigami, {.resamples = 500, .seed = 3});
  const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_LE(indices.first[i].low, first[i]);
    EXPECT_GE(indices.first[i].high, first[i]);
    EXPECT_LE(indices.total[i].low, total[i]);
    EXPECT_GE(indices.total[i].high, total[i]);
    EXPECT_NEAR(indices.first[i].value, first[i], 0.03);
    EXPECT_NEAR(indices.total[i].value, total[i], 0.03);
  }
  // Analytic variance: a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2 = 13.8446.
  EXPECT_NEAR(indices.variance, 13.8446, 0.3);
  EXPECT_NEAR(indices.first_sum.value, 0.7563, 0.04);
}

TEST(sensitivity_test, a_linear_model_has_indices_of_its_squared_weights) {
  // y = x1 + 2 x2 + 3 x3 on U(0,1): additive, so S_i = ST_i = a_i^2 / sum a^2 = 1/14, 4/14, 9/14.
  const auto s = spec_of(experiment::Design::sobol, 2048, {{0, 1}, {0, 1}, {0, 1}});
  const auto indices = sobol_of(s, [](const std::vector<double>& x) { return x[0] + 2 * x[1] + 3 * x[2]; });
  const double exact[] = {1.0 / 14, 4.0 / 14, 9.0 / 14};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_NEAR(indices.first[i].value, exact[i], 0.01);
    EXPECT_NEAR(indices.total[i].value, exact[i], 0.01);
    EXPECT_LE(indices.first[i].low, exact[i]);
    EXPECT_GE(indices.first[i].high, exact[i]);
  }
  EXPECT_NEAR(indices.first_sum.value, 1.0, 0.01);
  EXPECT_NEAR(indices.variance, 14.0 / 12.0, 0.01);
}

TEST(sensitivity_test, a_factor_the_model_ignores_has_zero_total_index_exactly) {
  const auto s = spec_of(experiment::Design::sobol, 64, {{0, 1}, {0, 1}});
  const auto indices = sobol_of(s, [](const std::vector<double>& x) { return std::exp(x[0]); });
  EXPECT_EQ(indices.total[1].value, 0.0);
  EXPECT_EQ(indices.first[1].value, 0.0);
}

TEST(sensitivity_test, morris_effects_of_a_linear_model_are_its_weights_times_the_ranges) {
  // Every elementary effect of y = sum a_i x_i is a_i (high_i - low_i) per unit of the range.
  const auto s = [] {
    auto spec = spec_of(experiment::Design::morris, 20, {{0, 1}, {10, 14}, {-1, 1}});
    spec.morris_levels = 4;
    return spec;
  }();
  const double weights[] = {2.0, -0.5, 3.0};
  const double effect[] = {2.0 * 1, -0.5 * 4, 3.0 * 2};
  const auto d = experiment::make_design(s);
  std::vector<double> y;
  for (std::size_t p = 0; p < d.size(); ++p) {
    const auto x = values_at(s, d, p);
    y.push_back(weights[0] * x[0] + weights[1] * x[1] + weights[2] * x[2]);
  }
  const auto& step = d.column("morris_step");
  const auto& factor = d.column("morris_factor");
  const auto& direction = d.column("morris_direction");
  std::vector<std::vector<double>> effects(3);
  for (std::size_t p = 1; p < d.size(); ++p) {
    if (step[p] == 0) continue;
    effects[static_cast<std::size_t>(factor[p])].push_back((y[p] - y[p - 1]) /
                                                           (static_cast<double>(direction[p]) * experiment::morris_delta(4)));
  }
  const auto m = morris_effects(effects);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(m[i].effects, 20U);
    EXPECT_NEAR(m[i].mu, effect[i], 1e-9);
    EXPECT_NEAR(m[i].mu_star.value, std::abs(effect[i]), 1e-9);
    EXPECT_NEAR(m[i].sigma, 0.0, 1e-9);
  }
}

TEST(sensitivity_test, regression_recovers_a_linear_model_exactly) {
  const auto s = spec_of(experiment::Design::lhs, 50, {{0, 1}, {0, 10}, {5, 6}});
  const auto d = experiment::make_design(s);
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (std::size_t p = 0; p < d.size(); ++p) {
    x.push_back(values_at(s, d, p));
    y.push_back(4 * x.back()[0] - 0.3 * x.back()[1] + 0 * x.back()[2] + 1);
  }
  auto sd = [](const std::vector<double>& v) {
    RunningStats r;
    for (double e : v) r.add(e);
    return std::sqrt(r.variance());
  };
  std::vector<double> x0, x1;
  for (const auto& row : x) x0.push_back(row[0]), x1.push_back(row[1]);
  const auto fit = standardized_regression(x, y, {.resamples = 100});
  EXPECT_NEAR(fit.r_squared, 1.0, 1e-12);
  EXPECT_NEAR(fit.coefficients[0].value, 4 * sd(x0) / sd(y), 1e-10);
  EXPECT_NEAR(fit.coefficients[1].value, -0.3 * sd(x1) / sd(y), 1e-10);
  EXPECT_NEAR(fit.coefficients[2].value, 0.0, 1e-10);
}

TEST(sensitivity_test, a_constant_factor_has_no_regression_coefficient) {
  const std::vector<std::vector<double>> x{{1, 5}, {2, 5}, {3, 5}, {4, 5}};
  const std::vector<double> y{2, 4, 6, 8.5};
  const auto fit = standardized_regression(x, y, {.resamples = 10});
  EXPECT_TRUE(std::isnan(fit.coefficients[1].value));
  EXPECT_GT(fit.coefficients[0].value, 0.99);
}

TEST(sensitivity_test, group_effects_average_points_and_pair_replications) {
  // Three points, two replications: group 0 = {0}, group 1 = {1, 2}.
  const std::vector<std::vector<double>> values{{1, 3}, {4, 6}, {6, 8}};
  const std::vector<std::size_t> group{0, 1, 1};
  const auto e = group_effects(values, group, 2);
  EXPECT_DOUBLE_EQ(e[0].mean.mean, 2.0);
  EXPECT_DOUBLE_EQ(e[1].mean.mean, 6.0);
  EXPECT_EQ(e[1].points, 2U);
  ASSERT_TRUE(e[1].difference.has_value());
  // Per replication: 5 - 1 = 4 and 7 - 3 = 4: a constant shift, so the paired interval is 0.
  EXPECT_DOUBLE_EQ(e[1].difference->mean, 4.0);
  EXPECT_DOUBLE_EQ(e[1].difference->half_width, 0.0);
  EXPECT_FALSE(e[0].difference.has_value());
}

TEST(sensitivity_test, sobol_refuses_mismatched_samples) {
  const std::vector<double> a{1, 2, 3}, b{1, 2};
  EXPECT_THROW(sobol_indices(a, b, {}), std::invalid_argument);
}

}  // namespace
}  // namespace careflow::stats
