#pragma once
// Random numbers by position, not by history.
//
// A stream is named by (seed, replication, LP, purpose, substream). Its n-th 64-bit number is
// Philox4x64-10 (Random123) applied to the counter (n / 4, substream, LP, purpose) under the key
// (seed, replication): a pure function of the name and n. Streams never share a counter value, so
// creating, dropping or advancing one stream never changes another's numbers, and no stream
// depends on which thread draws from it. A RandomStream is a uniform random bit generator, so
// Boost.Random distributions draw from it directly:
//
//   RandomStream rng({.seed = 42, .replication = 0, .lp = 3, .purpose = kArrivals});
//   boost::random::exponential_distribution<double> gap(2.0);
//   double t = gap(rng);

#include <Random123/philox.h>

#include <cstdint>

namespace careflow::engine {

struct StreamId {
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::uint32_t lp = 0;
  std::uint32_t purpose = 0;
  std::uint64_t substream = 0;  ///< e.g. one stream per agent
};

class RandomStream {
 public:
  using result_type = std::uint64_t;

  RandomStream() : RandomStream(StreamId{}) {}
  explicit RandomStream(const StreamId& id);

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  result_type operator()() {
    if (used_ == kPerBlock) refill();
    return block_.v[used_++];
  }

  /// A double uniform on the open interval (0, 1), from the top 53 bits of one draw.
  double uniform01() {
    return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53;
  }

  /// How many 64-bit numbers this stream has handed out.
  std::uint64_t position() const { return counter_.v[0] * kPerBlock - (kPerBlock - used_); }

  /// Moves to the n-th number of the stream, in constant time.
  void seek(std::uint64_t n);

  const StreamId& id() const { return id_; }

 private:
  using Philox = r123::Philox4x64;
  static constexpr unsigned kPerBlock = 4;

  void refill() {
    block_ = Philox{}(counter_, key_);
    ++counter_.v[0];
    used_ = 0;
  }

  StreamId id_;
  Philox::key_type key_{};
  Philox::ctr_type counter_{};
  Philox::ctr_type block_{};
  unsigned used_ = kPerBlock;
};

}  // namespace careflow::engine
