#pragma once
// A file written under a temporary name beside its final path and renamed into place by commit():
// a run that stops early never leaves a file at the final path that looks whole.

#include <filesystem>
#include <fstream>
#include <string>

#include "output/output_error.hpp"
#include "output/temporary_path.hpp"

namespace careflow::output {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path);  ///< the file is removed unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ofstream& stream() { return stream_; }
  /// Throws WriteFailure if a write through stream() has failed (a full disk, say).
  void check();
  const std::filesystem::path& temporary_path() const { return path_.temporary(); }
  void commit();

 private:
  TemporaryPath path_;  // declared first: the stream closes before the file is removed
  std::ofstream stream_;
};

}  // namespace careflow::output
