#include "output/pending_files.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>

namespace careflow::output {
namespace {

// Fixed storage, so that the signal handler reads plain memory and allocates nothing.
constexpr std::size_t kSlots = 16;
constexpr std::size_t kPathBytes = 4096;
struct Slot {
  std::atomic<bool> used{false};
  char path[kPathBytes]{};
};
std::array<Slot, kSlots> slots;
std::mutex slots_mutex;  // writers only; the handler reads `used` before the path

}  // namespace

int remember_pending_file(const std::string& path) {
  if (path.size() >= kPathBytes) throw std::length_error("output path too long: " + path);
  const std::lock_guard<std::mutex> lock(slots_mutex);
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (slots[i].used.load(std::memory_order_relaxed)) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].used.store(true, std::memory_order_release);
    return static_cast<int>(i);
  }
  throw std::length_error("too many output files open at once");
}

void forget_pending_file(int slot) {
  const std::lock_guard<std::mutex> lock(slots_mutex);
  slots[static_cast<std::size_t>(slot)].used.store(false, std::memory_order_release);
}

void remove_pending_files_now() noexcept {
  for (auto& slot : slots) {
    if (slot.used.load(std::memory_order_acquire)) ::unlink(slot.path);
  }
}

}  // namespace careflow::output
