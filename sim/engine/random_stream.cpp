#include "engine/random_stream.hpp"

namespace careflow::engine {

RandomStream::RandomStream(const StreamId& id) : id_(id) {
  key_.v[0] = id.seed;
  key_.v[1] = id.replication;
  counter_.v[0] = 0;
  counter_.v[1] = id.substream;
  counter_.v[2] = id.lp;
  counter_.v[3] = id.purpose;
}

void RandomStream::seek(std::uint64_t n) {
  counter_.v[0] = n / kPerBlock;
  used_ = kPerBlock;
  const auto skip = static_cast<unsigned>(n % kPerBlock);
  if (skip != 0) {
    refill();
    used_ = skip;
  }
}

}  // namespace careflow::engine
