#pragma once
// Process-wide memory settings for long simulation runs.

namespace careflow::engine {

/// Keeps memory the process frees for reuse instead of handing it back to the operating system.
/// A replication allocates its agent tables afresh; with glibc's defaults each large table is
/// mapped anew and every page faulted in again, which costs a tenth of a small model's run time.
/// Call once, at the start of main. Peak memory is unchanged: freed memory is reused, not added.
void retain_freed_memory();

/// Hands the memory the process has freed back to the operating system now, whatever
/// retain_freed_memory kept: for a long-lived process (a server) once a large piece of work ends.
void release_freed_memory();

}  // namespace careflow::engine
