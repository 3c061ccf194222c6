#pragma once
// Reads shares given as an inline table of names, e.g. pathway = { P0 = 0.9, P1 = 0.1 }: every
// name known, every share a probability, the whole summing to 1.

#include <string>
#include <vector>

#include "scenario/table_reader.hpp"

namespace careflow::scenario {

/// How far from 1 a sum of shares may be.
inline constexpr double kShareTolerance = 1e-6;

/// The shares in `names`' order (absent names 0), or `fallback` when `key` is absent. `what`
/// names an entry in errors ("unknown locality (known: ...)").
std::vector<double> read_shares(TableReader& owner, const char* key, const std::vector<std::string>& names,
                                const char* what, std::vector<double> fallback);

}  // namespace careflow::scenario
