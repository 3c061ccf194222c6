#include "output/output_error.hpp"

#include <cstring>

namespace careflow::output {

std::string os_reason(int error_number) {
  if (error_number == 0) return "";
  return " (" + std::string(std::strerror(error_number)) + ")";
}

}  // namespace careflow::output
