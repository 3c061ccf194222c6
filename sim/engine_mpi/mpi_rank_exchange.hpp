#pragma once
// engine::RankExchange on MPI: a window's messages go in one MPI_Alltoallv (their counts first,
// in an MPI_Alltoall), the next window's start is an MPI_Allreduce for the minimum.

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/rank_exchange.hpp"

namespace careflow::engine_mpi {

class MpiRankExchange final : public engine::RankExchange {
 public:
  /// Works on its own duplicate of `communicator`, so its messages meet no one else's.
  explicit MpiRankExchange(MPI_Comm communicator = MPI_COMM_WORLD);
  ~MpiRankExchange() override;
  MpiRankExchange(const MpiRankExchange&) = delete;
  MpiRankExchange& operator=(const MpiRankExchange&) = delete;

  int rank() const override { return rank_; }
  int ranks() const override { return ranks_; }
  void exchange(const std::vector<std::vector<engine::Event>>& outgoing,
                std::vector<engine::Event>& incoming) override;
  engine::Tick earliest(engine::Tick local) override;
  std::uint64_t total(std::uint64_t local) override;
  std::vector<std::string> gather(const std::string& bytes) override;
  std::string broadcast(const std::string& bytes) override;
  std::unique_ptr<engine::RankExchange> split(int group) override;

 private:
  MPI_Comm communicator_ = MPI_COMM_NULL;
  MPI_Datatype event_type_ = MPI_DATATYPE_NULL;
  int rank_ = 0;
  int ranks_ = 1;
  // Scratch kept between windows, so that a window allocates nothing once they have grown.
  std::vector<int> send_counts_, send_offsets_, receive_counts_, receive_offsets_;
  std::vector<engine::Event> send_buffer_;
};

}  // namespace careflow::engine_mpi
