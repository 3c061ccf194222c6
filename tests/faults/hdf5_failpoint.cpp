// A test-only library, loaded with LD_PRELOAD in front of HDF5, that makes one HDF5 call of a
// careflow run fail: the call numbered CAREFLOW_FAIL_HDF5_CALL, counting every call of the
// functions below from the start of the process. The failing call reaches the real HDF5
// function with an invalid identifier, so HDF5 itself records (and, unless careflow silenced it,
// prints) a genuine error stack. With CAREFLOW_COUNT_HDF5_CALLS=FILE the number of calls made is
// written to FILE at exit, so a test can try every call in turn. With
// CAREFLOW_LIST_HDF5_CALLS=FILE each call is written to FILE as it is made, one line each: the
// function and where in careflow it was called from (the library and the offset into it), so
// that a test can pick one call of each kind.

#include <dlfcn.h>
#include <hdf5.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

std::atomic<long> calls{0};

long failing_call() {
  static const long n = [] {
    const char* text = std::getenv("CAREFLOW_FAIL_HDF5_CALL");
    return text ? std::atol(text) : 0L;
  }();
  return n;
}

std::FILE* call_list() {
  static std::FILE* const file = [] {
    const char* path = std::getenv("CAREFLOW_LIST_HDF5_CALLS");
    return path ? std::fopen(path, "w") : nullptr;
  }();
  return file;
}

// The caller's place as library and offset: the same for every run of one build, whatever
// address the library was loaded at.
void list_call(const char* name, const void* caller) {
  std::FILE* file = call_list();
  if (!file) return;
  Dl_info where{};
  if (dladdr(caller, &where) && where.dli_fname && where.dli_fbase) {
    const auto offset = reinterpret_cast<std::uintptr_t>(caller) -
                        reinterpret_cast<std::uintptr_t>(where.dli_fbase);
    std::fprintf(file, "%s %s+0x%jx\n", name, where.dli_fname, static_cast<std::uintmax_t>(offset));
  } else {
    std::fprintf(file, "%s %p\n", name, caller);
  }
  std::fflush(file);
}

bool fail_now(const char* name, const void* caller) {
  list_call(name, caller);
  return ++calls == failing_call();
}

template <class Function>
Function real(const char* name) {
  void* symbol = dlsym(RTLD_NEXT, name);
  if (!symbol) {
    std::fprintf(stderr, "hdf5_failpoint: no %s in the next library\n", name);
    std::abort();
  }
  return reinterpret_cast<Function>(symbol);
}

struct CountAtExit {
  ~CountAtExit() {
    if (const char* path = std::getenv("CAREFLOW_COUNT_HDF5_CALLS")) {
      if (std::FILE* f = std::fopen(path, "w")) {
        std::fprintf(f, "%ld\n", calls.load());
        std::fclose(f);
      }
    }
  }
} count_at_exit;

}  // namespace

// NAME(PARAMS) forwards ARGS to HDF5, or FAILING (the same with an invalid value) when it is the
// call to fail.
#define CAREFLOW_FAILPOINT(R, NAME, PARAMS, FAILING, ARGS)          \
  extern "C" R NAME PARAMS {                                        \
    static const auto forward = real<R(*) PARAMS>(#NAME);           \
    const bool fail = fail_now(#NAME, __builtin_return_address(0)); \
    return fail ? forward FAILING : forward ARGS;                   \
  }

constexpr hid_t kBad = H5I_INVALID_HID;

// Files, groups, columns and attributes.
CAREFLOW_FAILPOINT(hid_t, H5Fcreate, (const char* n, unsigned f, hid_t c, hid_t a), ("", f, c, a), (n, f, c, a))
CAREFLOW_FAILPOINT(herr_t, H5Fclose, (hid_t f), (kBad), (f))
CAREFLOW_FAILPOINT(hid_t, H5Gcreate2, (hid_t l, const char* n, hid_t a, hid_t b, hid_t c), (kBad, n, a, b, c),
                   (l, n, a, b, c))
CAREFLOW_FAILPOINT(herr_t, H5Gclose, (hid_t g), (kBad), (g))
CAREFLOW_FAILPOINT(hid_t, H5Dcreate2, (hid_t l, const char* n, hid_t t, hid_t s, hid_t a, hid_t b, hid_t c),
                   (kBad, n, t, s, a, b, c), (l, n, t, s, a, b, c))
CAREFLOW_FAILPOINT(herr_t, H5Dwrite, (hid_t d, hid_t m, hid_t ms, hid_t fs, hid_t p, const void* b),
                   (kBad, m, ms, fs, p, b), (d, m, ms, fs, p, b))
CAREFLOW_FAILPOINT(herr_t, H5Dclose, (hid_t d), (kBad), (d))
CAREFLOW_FAILPOINT(hid_t, H5Acreate2, (hid_t l, const char* n, hid_t t, hid_t s, hid_t a, hid_t b),
                   (kBad, n, t, s, a, b), (l, n, t, s, a, b))
CAREFLOW_FAILPOINT(herr_t, H5Awrite, (hid_t a, hid_t t, const void* b), (kBad, t, b), (a, t, b))
CAREFLOW_FAILPOINT(herr_t, H5Aclose, (hid_t a), (kBad), (a))
// Dataspaces, property lists and types.
CAREFLOW_FAILPOINT(hid_t, H5Screate, (H5S_class_t c), (H5S_NO_CLASS), (c))
CAREFLOW_FAILPOINT(hid_t, H5Screate_simple, (int r, const hsize_t* d, const hsize_t* m), (-1, d, m), (r, d, m))
CAREFLOW_FAILPOINT(herr_t, H5Sclose, (hid_t s), (kBad), (s))
CAREFLOW_FAILPOINT(hid_t, H5Pcreate, (hid_t c), (kBad), (c))
CAREFLOW_FAILPOINT(herr_t, H5Pset_fclose_degree, (hid_t p, H5F_close_degree_t d), (kBad, d), (p, d))
CAREFLOW_FAILPOINT(herr_t, H5Pset_chunk, (hid_t p, int r, const hsize_t* d), (kBad, r, d), (p, r, d))
CAREFLOW_FAILPOINT(herr_t, H5Pset_shuffle, (hid_t p), (kBad), (p))
CAREFLOW_FAILPOINT(herr_t, H5Pset_deflate, (hid_t p, unsigned l), (kBad, l), (p, l))
CAREFLOW_FAILPOINT(herr_t, H5Pset_chunk_cache, (hid_t p, size_t a, size_t b, double c), (kBad, a, b, c),
                   (p, a, b, c))
CAREFLOW_FAILPOINT(herr_t, H5Pclose, (hid_t p), (kBad), (p))
CAREFLOW_FAILPOINT(hid_t, H5Tcopy, (hid_t t), (kBad), (t))
CAREFLOW_FAILPOINT(herr_t, H5Tset_size, (hid_t t, size_t n), (kBad, n), (t, n))
CAREFLOW_FAILPOINT(herr_t, H5Tset_cset, (hid_t t, H5T_cset_t c), (kBad, c), (t, c))
CAREFLOW_FAILPOINT(herr_t, H5Tclose, (hid_t t), (kBad), (t))
