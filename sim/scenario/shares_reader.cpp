#include "scenario/shares_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace careflow::scenario {

std::vector<double> read_shares(TableReader& owner, const char* key, const std::vector<std::string>& names,
                                const char* what, std::vector<double> fallback) {
  auto shares_table = owner.optional_table(key);
  if (!shares_table) return fallback;
  std::vector<double> shares(names.size(), 0.0);
  for (const auto& entry : shares_table->keys()) {
    const auto found = std::find(names.begin(), names.end(), entry);
    if (found == names.end()) {
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
      shares_table->fail(entry.c_str(), std::string("unknown ") + what + " (known: " + known + ")");
    }
    shares[static_cast<std::size_t>(found - names.begin())] =
        shares_table->number(entry.c_str(), Range::probability());
  }
  double total = 0;
  for (double s : shares) total += s;
  if (std::abs(total - 1.0) > kShareTolerance) {
    std::ostringstream reason;
    reason << "shares must sum to 1, they sum to " << total;
    owner.fail(key, reason.str());
  }
  shares_table->reject_unknown_keys();
  return shares;
}

}  // namespace careflow::scenario
