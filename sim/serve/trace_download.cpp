#include "serve/trace_download.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "output/hdf5_sink.hpp"
#include "serve/scenario_outcome.hpp"

namespace careflow::serve {
namespace {

namespace fs = std::filesystem;

// A folder of this process's own under the temporary directory, removed with everything in it.
class PrivateFolder {
 public:
  PrivateFolder() {
    std::string name = (fs::temp_directory_path() / "careflow-serve-XXXXXX").string();
    if (!::mkdtemp(name.data())) throw std::runtime_error("cannot make a temporary folder for the trace");
    path_ = name;
  }
  ~PrivateFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

std::string trace_bytes(const scenario::Scenario& scenario, engine::ThreadScope& scope, const std::atomic<bool>& stop) {
  const PrivateFolder folder;
  const auto file = folder.path() / "trace.h5";
  {
    output::Hdf5Sink sink(file, output::TraceLevel::summary);
    run_scenario_outcome(scenario, scope, stop, [] {}, &sink);
  }
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace careflow::serve
