#include "stats/erlang_a.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "stats/erlang.hpp"

namespace careflow::stats {
namespace {

// P(N >= c) and E[(N - c)+] for N ~ Poisson(a), summed directly.
struct PoissonTail {
  double at_least_c = 0, beyond_c = 0;
};
PoissonTail poisson_tail(int c, double a) {
  PoissonTail t;
  double p = std::exp(-a);
  for (int n = 0; n < 2000; ++n) {
    if (n >= c) {
      t.at_least_c += p;
      t.beyond_c += p * (n - c);
    }
    p *= a / (n + 1);
  }
  return t;
}

TEST(erlang_a_test, patience_equal_to_service_is_the_infinite_server_queue) {
  // With theta = mu every customer leaves at the same rate, served or not: N is Poisson(lambda /
  // mu).
  for (int c : {1, 4, 30}) {
    for (double a : {0.5, 3.0, 25.0, 60.0}) {
      const ErlangA q(a * 0.2, 0.2, c, 0.2);
      const auto exact = poisson_tail(c, a);
      EXPECT_NEAR(q.wait_chance(), exact.at_least_c, 1e-12) << c << " " << a;
      EXPECT_NEAR(q.queue_length(), exact.beyond_c, 1e-10 * (1 + exact.beyond_c)) << c << " " << a;
    }
  }
}

TEST(erlang_a_test, without_abandonment_it_is_erlang_c) {
  for (int c : {1, 5, 40, 234}) {
    for (double rho : {0.3, 0.8, 0.97}) {
      const double mu = 1.0 / 18.5, lambda = rho * c * mu;
      const ErlangA q(lambda, mu, c, 0.0);
      EXPECT_NEAR(q.wait_chance(), erlang_c(c, lambda / mu), 1e-10) << c << " " << rho;
      EXPECT_NEAR(q.mean_wait(), mmc_mean_wait(c, lambda, mu), 1e-8 * (1 + q.mean_wait()))
          << c << " " << rho;
      EXPECT_NEAR(q.mean_wait(0.0), q.mean_wait(), 1e-8 * (1 + q.mean_wait())) << c << " " << rho;
      EXPECT_EQ(q.abandon_chance(), 0.0);
    }
  }
}

TEST(erlang_a_test, a_tiny_patience_rate_approaches_erlang_c_below_capacity) {
  const ErlangA q(12.0, 1.0 / 18.5, 234, 1e-9);
  EXPECT_NEAR(q.wait_chance(), erlang_c(234, 12.0 * 18.5), 1e-6);
}

TEST(erlang_a_test, the_flows_balance) {
  // In steady state what arrives is served or leaves: lambda = mu E[busy] + theta E[queue], and
  // the class formulas at the chain's own rate give the chain's abandonment and wait.
  for (double lambda : {5.0, 12.0, 14.1, 30.0}) {
    const double mu = 1.0 / 18.52, theta = 0.0118;
    const ErlangA q(lambda, mu, 234, theta);
    EXPECT_NEAR(mu * q.busy_servers() + theta * q.queue_length(), lambda, 1e-9 * lambda) << lambda;
    EXPECT_NEAR(q.abandon_chance(theta), q.abandon_chance(), 1e-10) << lambda;
    EXPECT_NEAR(q.mean_wait(theta), q.mean_wait(), 1e-8 * (1 + q.mean_wait())) << lambda;
    // A more patient class waits longer and leaves less often; an impatient one the reverse.
    EXPECT_LT(q.abandon_chance(theta / 2), q.abandon_chance());
    EXPECT_GT(q.abandon_chance(theta * 2), q.abandon_chance());
    EXPECT_GT(q.mean_wait(theta / 2), q.mean_wait());
    EXPECT_LT(q.mean_wait(theta * 2), q.mean_wait());
  }
}

TEST(erlang_a_test, beyond_capacity_the_queue_levels_off_near_the_fluid_limit) {
  // Far beyond capacity nearly every server is busy and the queue settles where theta x queue =
  // lambda - c mu: here (14.1 - 234 / 18.52) / 0.0118 = 124.2 patients.
  const double lambda = 14.1, mu = 1.0 / 18.52, theta = 0.0118;
  const ErlangA q(lambda, mu, 234, theta);
  const double fluid = (lambda - 234 * mu) / theta;
  EXPECT_GT(q.wait_chance(), 0.999);
  EXPECT_NEAR(q.queue_length(), fluid, 0.05 * fluid);
  EXPECT_NEAR(q.abandon_chance(), (lambda - 234 * mu) / lambda, 0.01);
}

TEST(erlang_a_test, refuses_what_has_no_steady_state) {
  EXPECT_THROW(ErlangA(10.0, 1.0, 5, 0.0), std::invalid_argument);
  EXPECT_THROW(ErlangA(1.0, 1.0, 0, 0.1), std::invalid_argument);
  EXPECT_THROW(ErlangA(1.0, 0.0, 5, 0.1), std::invalid_argument);
  EXPECT_THROW(ErlangA(1.0, 1.0, 5, -0.1), std::invalid_argument);
  EXPECT_NO_THROW(ErlangA(10.0, 1.0, 5, 0.1));
  EXPECT_EQ(ErlangA(0.0, 1.0, 5, 0.1).queue_length(), 0.0);
}

}  // namespace
}  // namespace careflow::stats
