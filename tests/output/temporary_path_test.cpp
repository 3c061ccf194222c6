#include "output/temporary_path.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "output/output_error.hpp"

namespace careflow::output {
namespace {

namespace fs = std::filesystem;

// A process id that belonged to a process now gone: a child that has exited and been reaped.
pid_t a_finished_process() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

void touch(const fs::path& path) { std::ofstream(path) << "partial"; }

class TemporaryPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("careflow_temporary_path_test_" + std::to_string(::getpid()));
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path folder_;
};

TEST_F(TemporaryPathTest, an_uncommitted_file_is_removed_and_a_committed_one_renamed) {
  const auto final_path = folder_ / "run.h5";
  {
    TemporaryPath path(final_path);
    EXPECT_EQ(path.temporary(), folder_ / (".run.h5.part" + std::to_string(::getpid())));
    touch(path.temporary());
  }
  EXPECT_TRUE(fs::is_empty(folder_));
  {
    TemporaryPath path(final_path);
    touch(path.temporary());
    path.commit();
  }
  EXPECT_TRUE(fs::exists(final_path));
  EXPECT_EQ(std::distance(fs::directory_iterator(folder_), fs::directory_iterator()), 1);
}

TEST_F(TemporaryPathTest, a_failed_rename_is_a_write_failure) {
  TemporaryPath path(folder_ / "run.h5");  // nothing was written under the temporary name
  EXPECT_THROW(path.commit(), WriteFailure);
}

TEST_F(TemporaryPathTest, stale_files_of_finished_processes_are_removed_and_no_others) {
  const pid_t gone = a_finished_process();
  const auto stale = folder_ / (".run.h5.part" + std::to_string(gone));
  const auto running = folder_ / (".run.h5.part" + std::to_string(::getppid()));
  const auto mine = folder_ / (".run.h5.part" + std::to_string(::getpid()));
  const auto other_name = folder_ / (".other.h5.part" + std::to_string(gone));
  const auto not_a_pid = folder_ / ".run.h5.partial";
  for (const auto& p : {stale, running, mine, other_name, not_a_pid}) touch(p);

  const auto removed = remove_stale_temporaries(folder_ / "run.h5");
  ASSERT_EQ(removed.size(), 1U);
  EXPECT_EQ(removed.front(), stale);
  EXPECT_FALSE(fs::exists(stale));
  for (const auto& p : {running, mine, other_name, not_a_pid}) EXPECT_TRUE(fs::exists(p)) << p;
}

TEST_F(TemporaryPathTest, a_missing_folder_has_nothing_stale) {
  EXPECT_TRUE(remove_stale_temporaries(folder_ / "absent" / "run.h5").empty());
}

}  // namespace
}  // namespace careflow::output
