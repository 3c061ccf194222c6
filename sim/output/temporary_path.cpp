#include "output/temporary_path.hpp"

#include <fmt/core.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "output/output_error.hpp"
#include "output/pending_files.hpp"

namespace careflow::output {
namespace {

std::string temporary_prefix(const std::filesystem::path& final_path) {
  return "." + final_path.filename().string() + ".part";
}

std::filesystem::path folder_of(const std::filesystem::path& final_path) {
  return final_path.has_parent_path() ? final_path.parent_path() : std::filesystem::path(".");
}

// The process id a temporary file's name ends with, or 0 if the rest is not a number.
pid_t writer_of(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  pid_t pid = 0;
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size();
  const auto [end, error] = std::from_chars(first, last, pid);
  return (error == std::errc() && end == last && pid > 0) ? pid : 0;
}

bool process_is_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

TemporaryPath::TemporaryPath(std::filesystem::path final_path) : final_(std::move(final_path)) {
  // Hidden, beside the final file (a rename within one directory is atomic), and named for
  // this process so that two runs never share one.
  temporary_ = final_.parent_path() / (temporary_prefix(final_) + std::to_string(::getpid()));
  slot_ = remember_pending_file(temporary_.string());
}

TemporaryPath::~TemporaryPath() {
  if (!committed_) {
    std::error_code error;
    std::filesystem::remove(temporary_, error);
    if (error) {
      fmt::print(stderr, "careflow: could not remove the temporary file {} ({}); the next run "
                         "writing {} removes it\n",
                 temporary_.string(), error.message(), final_.string());
    }
  }
  forget_pending_file(slot_);
}

void TemporaryPath::commit() {
  std::error_code error;
  std::filesystem::rename(temporary_, final_, error);
  if (error) throw WriteFailure("cannot write " + final_.string() + ": " + error.message());
  committed_ = true;
}

std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& final_path) {
  std::vector<std::filesystem::path> removed;
  const std::string prefix = temporary_prefix(final_path);
  std::error_code error;
  std::filesystem::directory_iterator entries(folder_of(final_path), error);
  if (error) return removed;  // an unreadable folder: writing there fails with its own message
  for (const auto& entry : entries) {
    const pid_t pid = writer_of(entry.path().filename().string(), prefix);
    if (pid == 0 || pid == ::getpid() || !process_is_gone(pid)) continue;
    const auto path = final_path.parent_path() / entry.path().filename();
    if (std::filesystem::remove(path, error)) removed.push_back(path);
  }
  return removed;
}

}  // namespace careflow::output
