#include "stats/erlang.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace careflow::stats {
namespace {

// B(c, a) = (a^c / c!) / sum_{k<=c} a^k / k!, summed directly as an independent check.
double erlang_b_by_definition(int c, double a) {
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= c; ++k) {
    term *= a / k;
    sum += term;
  }
  return term / sum;
}

TEST(erlang_test, erlang_b_small_cases_by_hand) {
  EXPECT_DOUBLE_EQ(erlang_b(0, 3.0), 1.0);
  EXPECT_DOUBLE_EQ(erlang_b(1, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(erlang_b(2, 1.0), 0.2);  // (1/2) / (1 + 1 + 1/2)
}

TEST(erlang_test, erlang_b_matches_the_definition) {
  for (int c : {1, 3, 5, 10, 40}) {
    for (double a : {0.5, 2.0, 4.0, 9.5, 35.0}) {
      EXPECT_NEAR(erlang_b(c, a), erlang_b_by_definition(c, a), 1e-12) << c << " " << a;
    }
  }
}

TEST(erlang_test, erlang_b_published_value) {
  // The classic table entry: 10 circuits offered 5 Erlangs block 1.8385%.
  EXPECT_NEAR(erlang_b(10, 5.0), 0.018385, 5e-7);
}

TEST(erlang_test, erlang_c_reduces_to_utilisation_for_one_server) {
  for (double rho : {0.1, 0.5, 0.9}) EXPECT_NEAR(erlang_c(1, rho), rho, 1e-15);
}

TEST(erlang_test, erlang_c_two_servers_closed_form) {
  // For c = 2 the Erlang C formula simplifies to 2 rho^2 / (1 + rho), with rho = a / 2.
  const double a = 1.5, rho = a / 2;
  EXPECT_NEAR(erlang_c(2, a), 2 * rho * rho / (1 + rho), 1e-14);
}

TEST(erlang_test, mm1_mean_wait_is_rho_over_mu_minus_lambda) {
  EXPECT_NEAR(mmc_mean_wait(1, 0.8, 1.0), 0.8 / 0.2, 1e-12);
}

TEST(erlang_test, bad_arguments_are_refused) {
  EXPECT_THROW(erlang_b(-1, 1.0), std::invalid_argument);
  EXPECT_THROW(erlang_c(2, 2.0), std::invalid_argument);
  EXPECT_THROW(erlang_c(0, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace careflow::stats
