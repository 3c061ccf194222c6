// Reading traces back, and the clear errors for files careflow cannot read.
#include "output/trace_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "model/simulate.hpp"
#include "output/hdf5_file.hpp"
#include "output/hdf5_sink.hpp"
#include "output/output_error.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::output {
namespace {

namespace fs = std::filesystem;

class trace_reader_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("careflow_reader_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const auto s = scenario::load_scenario(
        (fs::path(CAREFLOW_SOURCE_DIR) / "scenarios" / "blocking.toml").string(),
        {"run.days=20", "run.replications=3"});
    Hdf5Sink sink(trace_, TraceLevel::summary);
    sink.begin(s, {"test", "", s.run.seed, 3});
    for (std::size_t r = 0; r < 3; ++r) {
      results_.push_back(model::simulate_replication(s, r));
      sink.replication(r, results_.back());
    }
    sink.commit();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The error message read_trace_summary gives for `path`.
  static std::string error_for(const fs::path& path) {
    try {
      read_trace_summary(path.string());
    } catch (const OutputError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
  fs::path trace_ = dir_ / "run.h5";
  std::vector<model::ReplicationResult> results_;
};

TEST_F(trace_reader_test, reads_every_measure_of_every_replication) {
  const auto t = read_trace_summary(trace_.string());
  EXPECT_EQ(t.scenario_name, "blocking");
  EXPECT_EQ(t.days, 20.0);
  ASSERT_EQ(t.values.size(), 3U);
  for (std::size_t r = 0; r < 3; ++r) {
    ASSERT_EQ(t.values[r].size(), results_[r].measures.size());
    for (std::size_t m = 0; m < t.values[r].size(); ++m) {
      EXPECT_EQ(t.values[r][m], results_[r].measures[m].value);
      EXPECT_EQ(t.measure_names[m], results_[r].measures[m].name);
    }
  }
}

TEST_F(trace_reader_test, a_file_that_is_not_hdf5_is_named_as_such) {
  const auto path = dir_ / "notes.h5";
  std::ofstream(path) << "replication,measure\n0,delay days\n";
  EXPECT_EQ(error_for(path), path.string() + ": not an HDF5 file");
}

TEST_F(trace_reader_test, a_truncated_file_is_named_as_such) {
  const auto path = dir_ / "truncated.h5";
  const auto size = fs::file_size(trace_);
  fs::copy_file(trace_, path);
  fs::resize_file(path, size / 2);
  EXPECT_EQ(error_for(path), path.string() + ": damaged or truncated HDF5 file");
}

TEST_F(trace_reader_test, another_format_version_is_refused) {
  const auto path = dir_ / "future.h5";
  fs::copy_file(trace_, path);
  {
    h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    ASSERT_GE(H5Adelete(file.get(), "format_version"), 0);
    h5::set_attribute(file, "format_version", std::int64_t{2});
  }
  EXPECT_EQ(error_for(path), path.string() + ": trace format version 2; this careflow reads version 1");
}

TEST_F(trace_reader_test, an_hdf5_file_of_another_kind_is_refused) {
  const auto path = dir_ / "other.h5";
  { const auto file = h5::create_file(path.string()); }
  EXPECT_EQ(error_for(path), path.string() + ": not a careflow trace (no format attribute 'careflow-trace')");
}

TEST_F(trace_reader_test, a_missing_file_is_named) {
  EXPECT_EQ(error_for(dir_ / "absent.h5"), (dir_ / "absent.h5").string() + ": cannot read the file (missing, or not HDF5)");
}

}  // namespace
}  // namespace careflow::output
