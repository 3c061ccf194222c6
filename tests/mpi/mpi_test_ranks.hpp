#pragma once
// The ranks of the launch these tests run in (tests/mpi/mpi_test_main.cpp starts MPI).

#include "engine/rank_exchange.hpp"

namespace careflow::testing {

engine::RankExchange& test_ranks();

}  // namespace careflow::testing
