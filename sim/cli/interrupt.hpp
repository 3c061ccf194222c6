#pragma once
// Ctrl-C (SIGINT), SIGTERM and SIGHUP stop careflow at once with a message, removing any output
// still being written, and exit with 128 + the signal number (130 for Ctrl-C), as shells expect.

namespace careflow::cli {

void stop_cleanly_on_interrupt();

}  // namespace careflow::cli
