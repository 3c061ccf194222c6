#pragma once
// Read deadlines for the server's connections. cpp-httplib times out one read at a time, so a
// client that sends a byte every few seconds holds a connection, and its thread, for ever; and it
// reads a request line or a header line of any length into memory. The watch gives each request
// a deadline for its head (request line and headers, counted from the connection's start or the
// previous answer) and for its body (from the end of its head), and a limit on the bytes of its
// head; a connection past either is answered 408 or 431 and closed. It knows sockets, not HTTP
// routes: the server tells it of each connection it accepts (found among the process's sockets,
// since cpp-httplib does not say which) and, on the connection's own thread, which part of a
// request it is in. A socket is known by its number and inode, so a number reused by a later
// connection is never cut for an earlier one.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace careflow::serve {

class ConnectionWatch {
 public:
  struct Limits {
    double read_seconds = 10;            ///< for a request's head, and again for its body
    std::uint64_t largest_head = 64 * 1024;  ///< bytes of request line and headers
  };

  explicit ConnectionWatch(Limits limits);
  ~ConnectionWatch();
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  /// A connection's socket: its number and inode.
  struct Socket {
    int fd = -1;
    unsigned long inode = 0;
    auto operator<=>(const Socket&) const = default;
  };

  /// On the accepting thread, just after an accept: the new connection to `port` (none if it is
  /// already gone). It waits for a thread with no deadline.
  std::optional<Socket> accepted(int port);

  // Each on the connection's own thread.
  void opened(Socket socket);    ///< its thread takes it up: its first head is awaited
  void head_read(bool body);     ///< the head is in; a body follows (or the request is handled)
  void handling();               ///< the request is being answered: no deadline
  void close_after_answer();     ///< the request was refused with its body unread: end the connection
  void answered();               ///< the answer is written: the next head is awaited
  void closed();                 ///< the connection is closed (its thread is done with it)

  /// Connections cut so far for being slow (408) or for an oversized head (431).
  int cut_slow() const;
  int cut_large() const;

 private:
  enum class Phase { waiting, head, body, handling, cut };
  struct Connection {
    Socket socket;
    Phase phase = Phase::waiting;
    std::chrono::steady_clock::time_point deadline;
    std::uint64_t bytes_at_start = 0;  ///< bytes received when the head began
    bool close_after_answer = false;
  };

  void watch();
  std::chrono::steady_clock::time_point deadline() const;
  void cut(Connection& c, int status);
  Connection* mine();

  Limits limits_;
  mutable std::mutex mutex_;
  std::condition_variable stopping_;
  bool stop_ = false;
  std::map<Socket, Connection> open_;
  std::map<std::thread::id, Socket> on_thread_;
  int cut_slow_ = 0, cut_large_ = 0;
  std::thread watcher_;
};

}  // namespace careflow::serve
