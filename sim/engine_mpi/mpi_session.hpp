#pragma once
// MPI for one program's life: started when the program was launched by mpirun (or srun, or any
// launcher that sets the process-management variables), ended when the session goes. A program
// run on its own starts no MPI at all and runs as one process.
//
//   MpiSession mpi(argc, argv);
//   engine::RankExchange* ranks = mpi.exchange();   // null when run on its own

#include <memory>
#include <string>

#include "engine/rank_exchange.hpp"

namespace careflow::engine_mpi {

class MpiRankExchange;

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  /// True when a launcher started this process as one rank of several (or of one).
  static bool launched_by_mpi();

  bool active() const { return exchange_ != nullptr; }
  int rank() const;
  int ranks() const;
  /// The exchange over every rank of the launch; null when run on its own.
  engine::RankExchange* exchange();

  /// Ends every rank at once (MPI_Abort) after this rank says why on stderr; for a failure on
  /// one rank, which would leave the others waiting in a collective for ever.
  [[noreturn]] void abort(const std::string& message, int exit_code);

 private:
  std::unique_ptr<MpiRankExchange> exchange_;
};

}  // namespace careflow::engine_mpi
