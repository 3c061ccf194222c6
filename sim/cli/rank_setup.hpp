#pragma once
// A command run over several MPI ranks first sets up on every rank (loads the scenario; rank 0
// opens the output), then all agree before any rank runs: a failure in setup ends every rank
// cleanly, rank 0 saying why. Once running, a failure on one rank must end them all at once
// (main aborts the launch), as the others would wait for it for ever.

#include <exception>
#include <functional>
#include <stdexcept>

#include "engine/rank_exchange.hpp"

namespace careflow::cli {

/// Thrown on a rank other than 0 when setup failed somewhere: rank 0 reports it, this one exits
/// with `exit_code` and says nothing.
class SetupFailedElsewhere : public std::runtime_error {
 public:
  SetupFailedElsewhere() : std::runtime_error("setup failed on another rank") {}
};

/// Runs `setup` and agrees with every rank (collective) on whether all succeeded. On failure:
/// rank 0 throws its own error, or one naming the first rank that failed and its message; the
/// other ranks throw SetupFailedElsewhere. With no ranks, setup() alone.
void set_up_on_every_rank(engine::RankExchange* world, const std::function<void()>& setup);

/// True once a command over more than one rank has passed set-up: any failure from then on must
/// end every rank at once.
bool running_over_ranks();

}  // namespace careflow::cli
