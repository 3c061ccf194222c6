#include "output/atomic_file.hpp"

#include <cerrno>
#include <cstring>

namespace careflow::output {

AtomicFile::AtomicFile(std::filesystem::path final_path) : path_(std::move(final_path)) {
  stream_.open(path_.temporary(), std::ios::binary | std::ios::trunc);
  if (!stream_) {
    throw OutputError("cannot write " + path_.final_path().string() + ": " + std::strerror(errno));
  }
}

void AtomicFile::commit() {
  stream_.flush();
  if (!stream_) {
    throw OutputError("writing " + path_.final_path().string() + " failed: " + std::strerror(errno));
  }
  stream_.close();
  path_.commit();
}

}  // namespace careflow::output
