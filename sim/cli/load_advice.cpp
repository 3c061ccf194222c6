#include "cli/load_advice.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "scenario/start_trim.hpp"

namespace careflow::cli {

std::string load_remark(const scenario::UnitLoad& load) {
  if (!scenario::needs_attention(load)) return "";
  const double demand = std::max(load.utilisation(), load.demand_utilisation());
  std::string text = load.queue_grows                ? "OVER CAPACITY"
                     : demand >= scenario::kLoadFlag    ? "full"
                     : demand >= scenario::kLoadWarning ? "near capacity"
                                                        : "";
  if (load.demand_utilisation() > load.utilisation() + 0.005) {
    text += fmt::format(" (asked for {:.3f} of it; deconditioning moves the rest on while they wait)",
                        load.demand_utilisation());
  }
  if (!load.queue_grows && load.queue >= 1.0 && demand >= scenario::kLoadFlag) {
    text += fmt::format("; its queue levels off near {:.0f} patients", load.queue);
  }
  if (!load.blocked_by.empty()) {
    text += text.empty() ? "fills with patients waiting for " : "; fills with patients waiting for ";
    for (std::size_t i = 0; i < load.blocked_by.size(); ++i) text += (i ? ", " : "") + load.blocked_by[i];
  }
  if (!load.raised_by.empty()) {
    text += ", raised by ";
    for (std::size_t i = 0; i < load.raised_by.size(); ++i) {
      text += fmt::format("{}{} (+{:.3f})", i ? ", " : "", load.raised_by[i].first, load.raised_by[i].second);
    }
  }
  return text;
}

void print_load_advice(const std::vector<scenario::UnitLoad>& loads) {
  int over = 0, near = 0;
  for (const auto& load : loads) {
    if (!scenario::needs_attention(load)) continue;
    (load.queue_grows ? over : near) += 1;
    fmt::print("  warning: {} offered load {:.1f} of {:.0f} {} (utilisation {:.3f}): {}\n", load.unit,
               load.offered_load, load.capacity, load.counted_in, load.utilisation(), load_remark(load));
  }
  if (over > 0) {
    fmt::print("  {} unit(s) over capacity: their queues grow as long as the run lasts, and so do the delays "
               "behind them\n",
               over);
  }
  if (near > 0) {
    fmt::print("  {} unit(s) full or at 95% or more of capacity: expect long, variable queues that settle\n", near);
  }
  if (over + near > 0) fmt::print("\n");
}

void print_start_trims(const scenario::Scenario& s) {
  if (s.start_trims.empty()) return;
  int moved = 0;
  for (const auto& trim : s.start_trims) moved += trim.moved;
  fmt::print("  note: the starting state was trimmed to the capacities ({} {} moved):\n", moved,
             moved == 1 ? "person" : "people");
  for (const auto& trim : s.start_trims) fmt::print("    {}\n", scenario::describe(trim));
  fmt::print("\n");
}

}  // namespace careflow::cli
