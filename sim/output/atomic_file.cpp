#include "output/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <unistd.h>

namespace careflow::output {

AtomicFile::AtomicFile(std::filesystem::path final_path)
    : final_(std::move(final_path)),
      temporary_(final_.string() + ".tmp" + std::to_string(::getpid())) {
  stream_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!stream_) {
    throw OutputError("cannot write " + final_.string() + ": " + std::strerror(errno));
  }
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  stream_.close();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void AtomicFile::commit() {
  stream_.flush();
  if (!stream_) throw OutputError("writing " + final_.string() + " failed: " + std::strerror(errno));
  stream_.close();
  std::filesystem::rename(temporary_, final_);
  committed_ = true;
}

}  // namespace careflow::output
