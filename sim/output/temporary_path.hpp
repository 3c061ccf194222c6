#pragma once
// A path to write under a temporary name beside the final one, renamed into place by commit():
// a run that stops early, or is interrupted, never leaves a file at the final path.

#include <filesystem>

namespace careflow::output {

class TemporaryPath {
 public:
  /// Throws OutputError if the final path's directory does not exist.
  explicit TemporaryPath(std::filesystem::path final_path);
  ~TemporaryPath();  ///< removes the temporary file unless committed
  TemporaryPath(const TemporaryPath&) = delete;
  TemporaryPath& operator=(const TemporaryPath&) = delete;

  const std::filesystem::path& temporary() const { return temporary_; }
  const std::filesystem::path& final_path() const { return final_; }
  /// Renames the temporary file to the final path (the file must be closed).
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  int slot_ = -1;
  bool committed_ = false;
};

}  // namespace careflow::output
