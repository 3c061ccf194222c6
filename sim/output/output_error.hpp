#pragma once

#include <stdexcept>
#include <string>

namespace careflow::output {

/// Output cannot be written or read because of what the user asked for: a bad path, a file that
/// is not a trace, traces that cannot be compared. The command exits with code 2.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writing failed part way through, for a reason outside the user's command (a full disk, a
/// file-size limit, a folder that became read-only). The output is abandoned and removed; the
/// command exits with code 1.
class WriteFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The operating system's reason for the last failure, e.g. " (No space left on device)", or ""
/// when `error_number` is 0.
std::string os_reason(int error_number);

}  // namespace careflow::output
