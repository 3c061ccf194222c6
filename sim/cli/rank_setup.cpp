#include "cli/rank_setup.hpp"

#include <string>

namespace careflow::cli {
namespace {

bool past_setup_over_ranks = false;

std::string message_of(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an unknown error";
  }
}

}  // namespace

void set_up_on_every_rank(engine::RankExchange* world, const std::function<void()>& setup) {
  if (!world) {
    setup();
    return;
  }
  std::exception_ptr failure;
  try {
    setup();
  } catch (...) {
    failure = std::current_exception();
  }
  // A rank that failed sends its message ("" from the others); rank 0 hears every one.
  const auto messages = world->gather(failure ? message_of(failure) : std::string());
  const auto failed = world->total(failure ? 1 : 0);
  if (failed == 0) {
    past_setup_over_ranks = world->ranks() > 1;
    return;
  }
  if (world->rank() != 0) throw SetupFailedElsewhere();
  if (failure) std::rethrow_exception(failure);
  for (std::size_t r = 0; r < messages.size(); ++r) {
    if (!messages[r].empty()) throw std::runtime_error("rank " + std::to_string(r) + ": " + messages[r]);
  }
}

bool running_over_ranks() { return past_setup_over_ranks; }

}  // namespace careflow::cli
