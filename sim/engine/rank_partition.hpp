#pragma once
// Which rank runs which LP, for a simulator spread over ranks (RankExchange). Any partition gives
// the same results; these only spread the work.

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace careflow::engine {

/// Contiguous blocks of LPs, in rank order: the rank that owns LP `lp` of `lps`.
inline int block_owner(std::uint64_t lp, std::uint64_t lps, int ranks) {
  return static_cast<int>(lp * static_cast<std::uint64_t>(ranks) / lps);
}

/// LPs of unequal work (`weights`) spread so that ranks carry about the same: the heaviest first,
/// each to the rank carrying least so far (ties to the lower LP and the lower rank). The owner of
/// each LP, by LP.
inline std::vector<int> balanced_owners(const std::vector<double>& weights, int ranks) {
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });
  std::vector<double> load(static_cast<std::size_t>(std::max(ranks, 1)), 0.0);
  std::vector<int> owner(weights.size(), 0);
  for (std::size_t lp : order) {
    const auto lightest = std::min_element(load.begin(), load.end()) - load.begin();
    owner[lp] = static_cast<int>(lightest);
    load[static_cast<std::size_t>(lightest)] += weights[lp];
  }
  return owner;
}

}  // namespace careflow::engine
