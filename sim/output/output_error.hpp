#pragma once

#include <stdexcept>

namespace careflow::output {

/// Output cannot be written or read (a usage error: the command line names a bad file or place).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace careflow::output
