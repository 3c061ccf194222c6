#include "engine/random_stream.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <vector>

namespace careflow::engine {
namespace {

std::vector<std::uint64_t> draw(RandomStream& stream, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(stream());
  return out;
}

// Random123's published known-answer vector for Philox4x64-10 with zero counter and key.
TEST(random_stream_test, zero_stream_matches_the_philox_known_answer) {
  RandomStream stream(StreamId{});
  EXPECT_EQ(stream(), 0x16554d9eca36314cULL);
  EXPECT_EQ(stream(), 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(stream(), 0xd7e772cee186176bULL);
  EXPECT_EQ(stream(), 0x7e68b68aec7ba23bULL);
}

TEST(random_stream_test, same_name_gives_the_same_numbers) {
  const StreamId id{.seed = 42, .replication = 3, .lp = 7, .purpose = 2, .substream = 11};
  RandomStream a(id);
  RandomStream b(id);
  EXPECT_EQ(draw(a, 1000), draw(b, 1000));
}

TEST(random_stream_test, every_part_of_the_name_selects_a_different_stream) {
  const StreamId base{.seed = 42, .replication = 3, .lp = 7, .purpose = 2, .substream = 11};
  std::vector<StreamId> variants(5, base);
  variants[0].seed += 1;
  variants[1].replication += 1;
  variants[2].lp += 1;
  variants[3].purpose += 1;
  variants[4].substream += 1;
  RandomStream reference(base);
  const auto expected = draw(reference, 8);
  for (const auto& id : variants) {
    RandomStream other(id);
    EXPECT_NE(draw(other, 8), expected);
  }
}

TEST(random_stream_test, other_streams_never_shift_a_streams_numbers) {
  const StreamId id{.seed = 5, .lp = 1};
  RandomStream alone(id);
  const auto expected = draw(alone, 100);

  RandomStream watched(id);
  std::vector<std::uint64_t> seen;
  for (std::uint32_t i = 0; i < 100; ++i) {
    RandomStream added({.seed = 5, .lp = 1, .purpose = i + 1});  // a new stream appears
    for (std::uint32_t k = 0; k <= i % 5; ++k) added();
    seen.push_back(watched());
  }
  EXPECT_EQ(seen, expected);
}

TEST(random_stream_test, seek_jumps_to_any_position) {
  RandomStream sequential({.seed = 9});
  const auto expected = draw(sequential, 50);
  for (std::uint64_t n : {0ULL, 1ULL, 3ULL, 4ULL, 5ULL, 17ULL, 49ULL}) {
    RandomStream jumped({.seed = 9});
    jumped.seek(n);
    EXPECT_EQ(jumped.position(), n);
    EXPECT_EQ(jumped(), expected[n]) << "position " << n;
  }
  EXPECT_EQ(sequential.position(), 50U);
}

TEST(random_stream_test, uniform01_is_uniform_on_the_open_interval) {
  RandomStream stream({.seed = 1234});
  constexpr int kBins = 10;
  constexpr int kDraws = 100'000;
  std::array<int, kBins> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const double u = stream.uniform01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    ++counts[static_cast<std::size_t>(u * kBins)];
  }
  double chi_square = 0.0;
  const double expected = static_cast<double>(kDraws) / kBins;
  for (int c : counts) chi_square += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi_square, 27.88);  // chi-square, 9 degrees of freedom, p = 0.001
}

// Neighbouring streams (next LP, next purpose, next replication) must look independent.
TEST(random_stream_test, neighbouring_streams_are_uncorrelated) {
  constexpr int kDraws = 100'000;
  const StreamId base{.seed = 77, .replication = 0, .lp = 0, .purpose = 0};
  for (int which = 0; which < 3; ++which) {
    StreamId other = base;
    if (which == 0) other.lp = 1;
    if (which == 1) other.purpose = 1;
    if (which == 2) other.replication = 1;
    RandomStream a(base);
    RandomStream b(other);
    double sum_ab = 0, sum_a = 0, sum_b = 0, sum_aa = 0, sum_bb = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = a.uniform01();
      const double y = b.uniform01();
      sum_ab += x * y;
      sum_a += x;
      sum_b += y;
      sum_aa += x * x;
      sum_bb += y * y;
    }
    const double n = kDraws;
    const double cov = sum_ab / n - (sum_a / n) * (sum_b / n);
    const double r = cov / std::sqrt((sum_aa / n - sum_a * sum_a / n / n) *
                                     (sum_bb / n - sum_b * sum_b / n / n));
    EXPECT_LT(std::abs(r), 4.5 / std::sqrt(n)) << "neighbour " << which;  // about 4.5 sigma
  }
}

TEST(random_stream_test, feeds_boost_distributions) {
  RandomStream stream({.seed = 3});
  boost::random::exponential_distribution<double> exponential(0.5);  // mean 2
  constexpr int kDraws = 200'000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) sum += exponential(stream);
  // The sample mean has standard deviation 2 / sqrt(n); allow 4.5 of them.
  EXPECT_NEAR(sum / kDraws, 2.0, 4.5 * 2.0 / std::sqrt(double{kDraws}));
}

}  // namespace
}  // namespace careflow::engine
