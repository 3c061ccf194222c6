#include "cli/interrupt.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>

#include "output/pending_files.hpp"

namespace careflow::cli {
namespace {

// Set before any signal can use it; the handler only reads it.
char message_buffer[1024] = "\ncareflow: interrupted; stopped without writing output\n";

// Only async-signal-safe calls here: unlink (inside remove_pending_files_now), write, _exit.
extern "C" void on_interrupt(int signal_number) {
  careflow::output::remove_pending_files_now();
  const char* message = message_buffer;
  const auto ignored = ::write(STDERR_FILENO, message, std::strlen(message));
  (void)ignored;
  ::_exit(128 + signal_number);
}

}  // namespace

void set_interrupt_message(const std::string& message) {
  const std::string text = "\ncareflow: interrupted; " + message + "\n";
  const std::size_t n = std::min(text.size(), sizeof message_buffer - 1);
  std::memcpy(message_buffer, text.data(), n);
  message_buffer[n] = '\0';
}

void stop_cleanly_on_interrupt() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal_number, &action, nullptr);
  std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace careflow::cli
