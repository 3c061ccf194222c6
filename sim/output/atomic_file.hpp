#pragma once
// A file written under a temporary name beside its final path and renamed into place by commit():
// a run that stops early never leaves a file at the final path that looks whole.

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace careflow::output {

/// The output path cannot be written (a usage error: the command line names a bad place).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile();  ///< removes the temporary file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ofstream& stream() { return stream_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  std::ofstream stream_;
  bool committed_ = false;
};

}  // namespace careflow::output
