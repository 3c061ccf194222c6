#pragma once
// When a careflow file was written: the `created` attribute of traces and sweeps.

#include <array>
#include <ctime>
#include <string>

namespace careflow::output {

/// Now, in UTC, as ISO 8601 ("2026-12-01T10:49:28Z").
inline std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

}  // namespace careflow::output
