// The sweep journal: records survive, a partial record is dropped, another sweep's journal is
// refused, and an unfinished sweep is not started over by accident.
#include "experiment/sweep_journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "output/output_error.hpp"

namespace careflow::experiment {
namespace {

namespace fs = std::filesystem;

class sweep_journal_test : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("careflow_journal_" + std::to_string(::getpid()));
    fs::remove_all(folder_);
    fs::create_directories(folder_);
    path_ = SweepJournal::path_for(folder_ / "sweep.h5");
  }
  void TearDown() override { fs::remove_all(folder_); }

  static PointResult point(std::size_t p) {
    PointResult r;
    r.point = p;
    r.warmup_days = 10.0 + static_cast<double>(p);
    r.values = {1.5 * static_cast<double>(p), std::nan(""), -0.0, 1e300};
    r.events = {100 + p, 200 + p};
    r.steady_state.method = "t test";
    r.steady_state.levels.push_back({"queue x", 0.5, 0.1, 2.0, p % 2 == 1});
    return r;
  }

  std::vector<PointResult> read(const SweepJournal& j) {
    std::vector<PointResult> out;
    j.for_each([&](const PointResult& r) { out.push_back(r); });
    return out;
  }

  fs::path folder_;
  fs::path path_;
};

TEST_F(sweep_journal_test, records_come_back_as_written) {
  {
    auto j = SweepJournal::create(path_, "sweep A", "careflow sweep a.toml");
    for (std::size_t p = 0; p < 3; ++p) j.append(point(p));
    EXPECT_EQ(j.points_done(), 3U);
  }
  auto j = SweepJournal::resume(path_, "sweep A");
  EXPECT_EQ(j.points_done(), 3U);
  EXPECT_EQ(j.command_line(), "careflow sweep a.toml");
  const auto back = read(j);
  ASSERT_EQ(back.size(), 3U);
  for (std::size_t p = 0; p < 3; ++p) {
    const auto expected = point(p);
    EXPECT_EQ(back[p].point, p);
    EXPECT_EQ(back[p].warmup_days, expected.warmup_days);
    ASSERT_EQ(back[p].values.size(), 4U);
    EXPECT_EQ(back[p].values[0], expected.values[0]);
    EXPECT_TRUE(std::isnan(back[p].values[1]));
    EXPECT_TRUE(std::signbit(back[p].values[2]));
    EXPECT_EQ(back[p].values[3], 1e300);
    EXPECT_EQ(back[p].events, expected.events);
    EXPECT_EQ(back[p].steady_state.method, "t test");
    EXPECT_EQ(back[p].steady_state.levels[0].rising, p % 2 == 1);
  }
}

TEST_F(sweep_journal_test, a_partial_last_record_is_dropped_and_overwritten) {
  {
    auto j = SweepJournal::create(path_, "sweep A", "cmd");
    j.append(point(0));
    j.append(point(1));
  }
  const auto whole = fs::file_size(path_);
  {
    auto j = SweepJournal::resume(path_, "sweep A");
    j.append(point(2));
  }
  // A kill during the third write: cut the file part way through that record.
  fs::resize_file(path_, whole + 20);
  auto j = SweepJournal::resume(path_, "sweep A");
  EXPECT_EQ(j.points_done(), 2U);
  EXPECT_EQ(fs::file_size(path_), whole);
  j.append(point(2));
  EXPECT_EQ(read(j).size(), 3U);
}

TEST_F(sweep_journal_test, a_damaged_record_ends_the_journal_there) {
  {
    auto j = SweepJournal::create(path_, "sweep A", "cmd");
    for (std::size_t p = 0; p < 3; ++p) j.append(point(p));
  }
  // Flip one byte near the end: the last record's checksum fails.
  std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(-12, std::ios::end);
  file.put('\x7f');
  file.close();
  EXPECT_EQ(SweepJournal::resume(path_, "sweep A").points_done(), 2U);
}

TEST_F(sweep_journal_test, another_sweeps_journal_is_refused) {
  { SweepJournal::create(path_, "sweep A", "cmd"); }
  try {
    SweepJournal::resume(path_, "sweep B");
    FAIL();
  } catch (const output::OutputError& e) {
    EXPECT_EQ(std::string(e.what()), path_.string() + ": this journal belongs to another sweep (the sweep file, its "
                                                       "scenario or careflow itself changed since it started); remove "
                                                       "it to start again");
  }
}

TEST_F(sweep_journal_test, an_unfinished_sweep_is_not_started_again_by_accident) {
  { SweepJournal::create(path_, "sweep A", "cmd"); }
  EXPECT_THROW(SweepJournal::create(path_, "sweep A", "cmd"), output::OutputError);
}

TEST_F(sweep_journal_test, a_file_that_is_not_a_journal_is_refused) {
  { std::ofstream(path_) << "hello"; }
  EXPECT_THROW(SweepJournal::resume(path_, "sweep A"), output::OutputError);
}

TEST_F(sweep_journal_test, two_sweeps_cannot_write_one_journal) {
  auto first = SweepJournal::create(path_, "sweep A", "cmd");
  try {
    SweepJournal::resume(path_, "sweep A");
    FAIL();
  } catch (const output::OutputError& e) {
    EXPECT_EQ(std::string(e.what()), path_.string() + ": another careflow sweep is writing this sweep now");
  }
}

TEST_F(sweep_journal_test, remove_takes_the_journal_away) {
  auto j = SweepJournal::create(path_, "sweep A", "cmd");
  j.remove();
  EXPECT_FALSE(fs::exists(path_));
}

}  // namespace
}  // namespace careflow::experiment
