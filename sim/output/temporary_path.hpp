#pragma once
// A path to write under a temporary name beside the final one, renamed into place by commit():
// a run that stops early, or is interrupted, never leaves a file at the final path.
//
// The temporary name is `.NAME.part<pid>` in the final file's folder. A process killed outright
// (SIGKILL, a power cut) cannot remove its own; remove_stale_temporaries() lets a later run
// writing the same name remove those whose process is gone.

#include <filesystem>
#include <vector>

namespace careflow::output {

class TemporaryPath {
 public:
  explicit TemporaryPath(std::filesystem::path final_path);
  /// Removes the temporary file unless committed. If it cannot (the folder became read-only),
  /// says so on stderr, naming the file: a destructor cannot throw.
  ~TemporaryPath();
  TemporaryPath(const TemporaryPath&) = delete;
  TemporaryPath& operator=(const TemporaryPath&) = delete;

  const std::filesystem::path& temporary() const { return temporary_; }
  const std::filesystem::path& final_path() const { return final_; }
  /// Renames the temporary file to the final path (the file must be closed); throws
  /// WriteFailure if the rename fails.
  void commit();

 private:
  std::filesystem::path final_;
  std::filesystem::path temporary_;
  int slot_ = -1;
  bool committed_ = false;
};

/// Removes the temporary files that earlier careflow processes left for `final_path` and whose
/// process no longer runs; returns the paths removed. Files of running processes (another run
/// writing the same name right now) are left alone.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& final_path);

}  // namespace careflow::output
