#pragma once
// Before a command writes an output file, it removes the hidden temporary files that killed
// careflow runs left for the same name, and says so.

#include <string>

namespace careflow::cli {

void clear_stale_temporaries(const std::string& output_path);

}  // namespace careflow::cli
