#pragma once
// Output files still being written under a temporary name. If the process is interrupted
// (Ctrl-C, kill), a signal handler removes them, so nothing half-written survives.

#include <string>

namespace careflow::output {

/// Registers `path` for removal on interruption. Returns a slot for forget(); throws
/// std::length_error if too many files are pending at once.
int remember_pending_file(const std::string& path);
/// The file was renamed into place or removed: no longer remove it on interruption.
void forget_pending_file(int slot);
/// Removes every pending file. Async-signal-safe: call it from a signal handler.
void remove_pending_files_now() noexcept;

}  // namespace careflow::output
