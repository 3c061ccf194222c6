#pragma once
// The time-weighted mean of a level (beds occupied, queue length) over a measured period, and
// its integral since time 0 (for daily means that span the start of measurement).

#include "engine/time.hpp"

namespace careflow::model {

class TimeAverage {
 public:
  /// The level changes to `value` at `now`.
  void set(engine::Tick now, double value) {
    if (value == value_) return;  // the area accrues lazily, so an unchanged level costs nothing
    total_area_ += value_ * static_cast<double>(now - last_);
    last_ = now;
    value_ = value;
  }
  /// Starts measuring at `now`, keeping the current level.
  void restart(engine::Tick now) {
    area_at_start_ = total_area(now);
    start_ = now;
  }
  /// Integral of the level from time 0 to `now` (level x ticks).
  double total_area(engine::Tick now) const {
    return total_area_ + value_ * static_cast<double>(now - last_);
  }
  /// Integral of the level from the start of measurement to `now`.
  double area(engine::Tick now) const { return total_area(now) - area_at_start_; }
  double mean(engine::Tick now) const {
    return now > start_ ? area(now) / static_cast<double>(now - start_) : value_;
  }
  double value() const { return value_; }

 private:
  double total_area_ = 0;  // up to last_
  double area_at_start_ = 0;
  double value_ = 0;
  engine::Tick last_ = 0;
  engine::Tick start_ = 0;
};

}  // namespace careflow::model
