#pragma once
#include <string>
// Ctrl-C (SIGINT), SIGTERM and SIGHUP stop careflow at once with a message, removing any output
// still being written, and exit with 128 + the signal number (130 for Ctrl-C), as shells expect.

namespace careflow::cli {

void stop_cleanly_on_interrupt();
/// What the interruption message says after "careflow: interrupted; " (by default "stopped
/// without writing output"). A sweep says where its finished points are kept.
void set_interrupt_message(const std::string& message);

}  // namespace careflow::cli
