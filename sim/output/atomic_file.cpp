#include "output/atomic_file.hpp"

#include <cerrno>
#include <cstring>

namespace careflow::output {

AtomicFile::AtomicFile(std::filesystem::path final_path) : path_(std::move(final_path)) {
  errno = 0;
  stream_.open(path_.temporary(), std::ios::binary | std::ios::trunc);
  if (!stream_) {
    throw OutputError("cannot write " + path_.final_path().string() + ": " + std::strerror(errno));
  }
}

void AtomicFile::check() {
  if (!stream_) {
    throw WriteFailure("writing " + path_.final_path().string() + " failed" + os_reason(errno));
  }
}

void AtomicFile::commit() {
  errno = 0;
  stream_.flush();
  check();
  stream_.close();
  check();  // closing writes what was still buffered
  path_.commit();
}

}  // namespace careflow::output
