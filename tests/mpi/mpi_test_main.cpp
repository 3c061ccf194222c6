// GoogleTest under mpirun: every rank runs every test (the tests are collective). Rank 0 prints
// as usual; the others print only their failures, marked with their rank. The program fails on
// every rank if any rank had a failure.

#include <gtest/gtest.h>

#include <cstdio>

#include "engine_mpi/mpi_session.hpp"
#include "mpi/mpi_test_ranks.hpp"

namespace careflow::testing {
namespace {

engine::RankExchange* ranks_of_launch = nullptr;

class FailuresOfRank : public ::testing::EmptyTestEventListener {
 public:
  explicit FailuresOfRank(int rank) : rank_(rank) {}
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "rank %d: %s:%d: failure\n%s\n", rank_, result.file_name() ? result.file_name() : "?",
                 result.line_number(), result.summary());
  }

 private:
  int rank_;
};

}  // namespace

engine::RankExchange& test_ranks() { return *ranks_of_launch; }

}  // namespace careflow::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  careflow::engine_mpi::MpiSession mpi(argc, argv);
  if (!mpi.active()) {
    std::fprintf(stderr, "these tests run under mpirun, e.g. mpirun -np 2 %s\n", argv[0]);
    return 2;
  }
  careflow::testing::ranks_of_launch = mpi.exchange();
  if (mpi.rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new careflow::testing::FailuresOfRank(mpi.rank()));
  }
  const int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  return mpi.exchange()->total(static_cast<std::uint64_t>(failed)) == 0 ? 0 : 1;
}
