#include "engine/process_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace careflow::engine {

void retain_freed_memory() {
#if defined(__GLIBC__)
  // Serve blocks up to 32 MiB (glibc's largest allowed) from the heap rather than from their
  // own mappings, and trim the heap's free top back to the system only above 1 GiB.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

void release_freed_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace careflow::engine
