#include "engine_mpi/mpi_session.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "engine_mpi/mpi_call.hpp"
#include "engine_mpi/mpi_rank_exchange.hpp"

namespace careflow::engine_mpi {

bool MpiSession::launched_by_mpi() {
  // Open MPI's mpirun, PMIx launchers (srun --mpi=pmix) and PMI-1/2 launchers set these.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

MpiSession::MpiSession(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the thread that runs the simulator's windows calls MPI, one call at a time; TBB's
  // workers never do.
  mpi_call(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI does not allow calls from more than one thread (MPI_THREAD_SERIALIZED)");
  }
  // Errors come back as codes (mpi_call turns them into exceptions), not as an abort inside MPI.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  exchange_ = std::make_unique<MpiRankExchange>(MPI_COMM_WORLD);
}

MpiSession::~MpiSession() {
  if (!exchange_) return;
  exchange_.reset();
  MPI_Finalize();
}

int MpiSession::rank() const { return exchange_ ? exchange_->rank() : 0; }
int MpiSession::ranks() const { return exchange_ ? exchange_->ranks() : 1; }
engine::RankExchange* MpiSession::exchange() { return exchange_.get(); }

void MpiSession::abort(const std::string& message, int exit_code) {
  std::fprintf(stderr, "%s (rank %d of %d; stopping every rank)\n", message.c_str(), rank(), ranks());
  std::fflush(stderr);
  if (exchange_) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::exit(exit_code);
}

}  // namespace careflow::engine_mpi
