#include "output/temporary_path.hpp"

#include <unistd.h>

#include "output/output_error.hpp"
#include "output/pending_files.hpp"

namespace careflow::output {

TemporaryPath::TemporaryPath(std::filesystem::path final_path) : final_(std::move(final_path)) {
  // Hidden, beside the final file (a rename within one directory is atomic), and named for
  // this process so that two runs never share one.
  const auto name = "." + final_.filename().string() + ".part" + std::to_string(::getpid());
  temporary_ = final_.parent_path() / name;
  slot_ = remember_pending_file(temporary_.string());
}

TemporaryPath::~TemporaryPath() {
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
  forget_pending_file(slot_);
}

void TemporaryPath::commit() {
  std::error_code error;
  std::filesystem::rename(temporary_, final_, error);
  if (error) throw OutputError("cannot write " + final_.string() + ": " + error.message());
  committed_ = true;
}

}  // namespace careflow::output
