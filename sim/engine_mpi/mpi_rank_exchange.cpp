#include "engine_mpi/mpi_rank_exchange.hpp"

#include <climits>
#include <numeric>
#include <stdexcept>

#include "engine_mpi/mpi_call.hpp"

namespace careflow::engine_mpi {
namespace {

int as_count(std::size_t n, const char* what) {
  if (n > static_cast<std::size_t>(INT_MAX)) {
    throw std::length_error(std::string("too much to send between ranks at once: ") + what);
  }
  return static_cast<int>(n);
}

// Offsets of each rank's part from the counts; the total.
int offsets_of(const std::vector<int>& counts, std::vector<int>& offsets) {
  offsets.resize(counts.size());
  std::size_t at = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    offsets[r] = as_count(at, "offsets");
    at += static_cast<std::size_t>(counts[r]);
  }
  return as_count(at, "total");
}

}  // namespace

MpiRankExchange::MpiRankExchange(MPI_Comm communicator) {
  mpi_call(MPI_Comm_dup(communicator, &communicator_), "MPI_Comm_dup");
  mpi_call(MPI_Comm_rank(communicator_, &rank_), "MPI_Comm_rank");
  mpi_call(MPI_Comm_size(communicator_, &ranks_), "MPI_Comm_size");
  // An event is a plain 32-byte value, the same on every rank of one build.
  mpi_call(MPI_Type_contiguous(static_cast<int>(sizeof(engine::Event)), MPI_BYTE, &event_type_),
           "MPI_Type_contiguous");
  mpi_call(MPI_Type_commit(&event_type_), "MPI_Type_commit");
}

MpiRankExchange::~MpiRankExchange() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  MPI_Type_free(&event_type_);
  MPI_Comm_free(&communicator_);
}

void MpiRankExchange::exchange(const std::vector<std::vector<engine::Event>>& outgoing,
                               std::vector<engine::Event>& incoming) {
  const auto ranks = static_cast<std::size_t>(ranks_);
  if (outgoing.size() != ranks) throw std::invalid_argument("one list of messages per rank is needed");
  send_counts_.resize(ranks);
  receive_counts_.resize(ranks);
  send_buffer_.clear();
  for (std::size_t r = 0; r < ranks; ++r) {
    send_counts_[r] = as_count(outgoing[r].size(), "messages");
    send_buffer_.insert(send_buffer_.end(), outgoing[r].begin(), outgoing[r].end());
  }
  offsets_of(send_counts_, send_offsets_);
  mpi_call(MPI_Alltoall(send_counts_.data(), 1, MPI_INT, receive_counts_.data(), 1, MPI_INT, communicator_),
           "MPI_Alltoall");
  const int received = offsets_of(receive_counts_, receive_offsets_);
  const std::size_t first = incoming.size();
  incoming.resize(first + static_cast<std::size_t>(received));
  mpi_call(MPI_Alltoallv(send_buffer_.data(), send_counts_.data(), send_offsets_.data(), event_type_,
                         incoming.data() + first, receive_counts_.data(), receive_offsets_.data(), event_type_,
                         communicator_),
           "MPI_Alltoallv");
}

engine::Tick MpiRankExchange::earliest(engine::Tick local) {
  std::int64_t least = local;
  mpi_call(MPI_Allreduce(&local, &least, 1, MPI_INT64_T, MPI_MIN, communicator_), "MPI_Allreduce");
  return least;
}

std::uint64_t MpiRankExchange::total(std::uint64_t local) {
  std::uint64_t sum = 0;
  mpi_call(MPI_Allreduce(&local, &sum, 1, MPI_UINT64_T, MPI_SUM, communicator_), "MPI_Allreduce");
  return sum;
}

std::vector<std::string> MpiRankExchange::gather(const std::string& bytes) {
  const int size = as_count(bytes.size(), "bytes");
  std::vector<int> sizes(rank_ == 0 ? static_cast<std::size_t>(ranks_) : 0);
  mpi_call(MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, communicator_), "MPI_Gather");
  std::vector<int> offsets;
  std::string all;
  if (rank_ == 0) all.resize(static_cast<std::size_t>(offsets_of(sizes, offsets)));
  mpi_call(MPI_Gatherv(bytes.data(), size, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, 0,
                       communicator_),
           "MPI_Gatherv");
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    parts.push_back(all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(sizes[r])));
  }
  return parts;
}

std::string MpiRankExchange::broadcast(const std::string& bytes) {
  int size = rank_ == 0 ? as_count(bytes.size(), "bytes") : 0;
  mpi_call(MPI_Bcast(&size, 1, MPI_INT, 0, communicator_), "MPI_Bcast");
  std::string copy = rank_ == 0 ? bytes : std::string(static_cast<std::size_t>(size), '\0');
  mpi_call(MPI_Bcast(copy.data(), size, MPI_BYTE, 0, communicator_), "MPI_Bcast");
  return copy;
}

}  // namespace careflow::engine_mpi

namespace careflow::engine_mpi {

std::unique_ptr<engine::RankExchange> MpiRankExchange::split(int group) {
  MPI_Comm part = MPI_COMM_NULL;
  mpi_call(MPI_Comm_split(communicator_, group, rank_, &part), "MPI_Comm_split");
  auto exchange = std::make_unique<MpiRankExchange>(part);  // its own duplicate
  MPI_Comm_free(&part);
  return exchange;
}

}  // namespace careflow::engine_mpi
