#pragma once
// A sweep's progress on stderr. On a terminal: one redrawn line with a bar, the points done,
// replications per second and the time left. Otherwise (a log file, a batch job): one line each
// time another whole percent of the points is done.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>

namespace careflow::cli {

class SweepProgress {
 public:
  /// `already_done`: points a resumed sweep finished before.
  SweepProgress(std::size_t points, std::size_t already_done, std::size_t replications_per_point);
  /// From any thread.
  void replication_done();
  /// From the thread that consumes points, in order.
  void point_done();
  /// Clears the terminal line.
  void finish();

 private:
  void draw(bool force);
  std::size_t points_;
  std::size_t done_;
  std::size_t start_done_;
  std::size_t replications_per_point_;
  bool terminal_;
  int last_percent_ = -1;
  std::atomic<std::size_t> replications_{0};
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::mutex mutex_;
};

}  // namespace careflow::cli
