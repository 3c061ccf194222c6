#pragma once
// Weights on a fixed set of cells (a Fenwick tree): change one in O(log n), draw a cell in
// proportion to its weight in O(log n). The population uses it to pick which cell of identical
// people an admission, a death or a worsening of frailty falls in.

#include <cstddef>
#include <vector>

namespace careflow::model {

class WeightedCells {
 public:
  explicit WeightedCells(std::size_t cells = 0) : tree_(cells + 1, 0.0), weights_(cells, 0.0) {
    for (step_ = 1; step_ * 2 <= cells; step_ *= 2) {
    }
  }

  std::size_t size() const { return weights_.size(); }
  double weight(std::size_t cell) const { return weights_[cell]; }
  double total() const { return total_; }

  void add(std::size_t cell, double delta) {
    weights_[cell] += delta;
    total_ += delta;
    for (std::size_t i = cell + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }

  /// The cell holding `u` in [0, total): the first whose running sum of weights exceeds it.
  /// A cell of weight 0 is never drawn.
  std::size_t find(double u) const {
    std::size_t position = 0;
    for (std::size_t step = step_; step > 0; step /= 2) {
      const std::size_t next = position + step;
      if (next < tree_.size() && tree_[next] <= u) {
        position = next;
        u -= tree_[next];
      }
    }
    // Rounding can leave `u` just past the last cell with weight: step back to it.
    while (position >= weights_.size() || weights_[position] <= 0) {
      if (position == 0) break;
      --position;
    }
    return position;
  }

 private:
  std::vector<double> tree_;     // tree_[i]: the sum of a power-of-two run of weights ending at i
  std::vector<double> weights_;  // each cell's own weight
  double total_ = 0;
  std::size_t step_ = 1;         // the largest power of two no more than the number of cells
};

}  // namespace careflow::model
