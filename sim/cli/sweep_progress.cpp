#include "cli/sweep_progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cmath>
#include <string>

namespace careflow::cli {
namespace {

std::string clock_time(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

SweepProgress::SweepProgress(std::size_t points, std::size_t already_done, std::size_t replications_per_point)
    : points_(points),
      done_(already_done),
      start_done_(already_done),
      replications_per_point_(replications_per_point),
      terminal_(::isatty(STDERR_FILENO) != 0),
      started_(std::chrono::steady_clock::now()) {}

void SweepProgress::replication_done() {
  ++replications_;
  if (!terminal_) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  draw(false);
}

void SweepProgress::point_done() {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  draw(true);
}

void SweepProgress::draw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (terminal_ && !force && now - last_draw_ < std::chrono::milliseconds(200)) return;
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double per_second = seconds > 0 ? static_cast<double>(replications_.load()) / seconds : 0.0;
  const double left_replications =
      static_cast<double>((points_ - done_) * replications_per_point_) -
      (static_cast<double>(replications_.load()) - static_cast<double>((done_ - start_done_) * replications_per_point_));
  const double left = per_second > 0 ? left_replications / per_second : std::nan("");
  const int percent = points_ ? static_cast<int>(100 * done_ / points_) : 100;
  if (terminal_) {
    constexpr int kWidth = 24;
    const int filled = kWidth * percent / 100;
    fmt::print(stderr, "\r  [{}{}] {}/{} points, {:.0f} replications/s, {} left   ", std::string(filled, '#'),
               std::string(kWidth - filled, '.'), done_, points_, per_second, clock_time(left));
    last_draw_ = now;
  } else if (percent > last_percent_) {
    fmt::print(stderr, "careflow sweep: {}% ({} of {} points, {:.0f} replications/s, {} left)\n", percent, done_,
               points_, per_second, clock_time(left));
    last_percent_ = percent;
  }
}

void SweepProgress::finish() {
  if (terminal_) fmt::print(stderr, "\r{:80}\r", "");
}

}  // namespace careflow::cli
