#include "cli/stale_temporaries.hpp"

#include <fmt/core.h>

#include "output/temporary_path.hpp"

namespace careflow::cli {

void clear_stale_temporaries(const std::string& output_path) {
  for (const auto& removed : output::remove_stale_temporaries(output_path)) {
    fmt::print(stderr,
               "careflow: removed {}, a partial output left by an earlier careflow run that "
               "was stopped before it could clean up\n",
               removed.string());
  }
}

}  // namespace careflow::cli
