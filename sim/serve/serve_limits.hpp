#pragma once
// What one request may ask of a server, and how many runs it takes at once, so that one page
// cannot exhaust the machine (`careflow serve --help` sets them).

namespace careflow::serve {

struct ServeLimits {
  double max_days = 3650;               ///< measured days of one run
  int max_replications = 200;
  double max_replication_days = 36500;  ///< days x replications of one request
  int max_running = 2;                  ///< requests running at once; later ones queue
  int max_queued = 8;                   ///< requests waiting; beyond them, 429
};

}  // namespace careflow::serve
