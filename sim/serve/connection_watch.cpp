#include "serve/connection_watch.hpp"

#include <dirent.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <vector>

namespace careflow::serve {
namespace {

using Clock = std::chrono::steady_clock;

// Bytes the kernel has received on the socket so far (0 when it cannot say).
std::uint64_t bytes_received(int socket) {
  tcp_info info{};
  socklen_t size = sizeof(info);
  if (getsockopt(socket, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return 0;
  if (size < offsetof(tcp_info, tcpi_bytes_received) + sizeof(info.tcpi_bytes_received)) return 0;
  return info.tcpi_bytes_received;
}

bool same_inode(const ConnectionWatch::Socket& s) {
  struct stat st {};
  return fstat(s.fd, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == s.inode;
}

int port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
  return -1;
}

// A connected socket of this process whose own end is `port`: one a server on that port accepted.
std::optional<ConnectionWatch::Socket> served_socket(int fd, int port) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) return std::nullopt;
  sockaddr_storage local{}, peer{};
  socklen_t size = sizeof(local);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0 || port_of(local) != port) return std::nullopt;
  size = sizeof(peer);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) != 0) return std::nullopt;  // the listener
  return ConnectionWatch::Socket{fd, static_cast<unsigned long>(st.st_ino)};
}

std::string answer(int status) {
  const bool slow = status == 408;
  const std::string body = nlohmann::json{{"error", slow ? "the request did not arrive in time"
                                                         : "the request's line and headers are larger than this "
                                                           "server takes"},
                                          {"field", ""}}
                               .dump();
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: "
                     "close\r\n\r\n{}",
                     status, slow ? "Request Timeout" : "Request Header Fields Too Large", body.size(), body);
}

}  // namespace

ConnectionWatch::ConnectionWatch(Limits limits) : limits_(limits), watcher_([this] { watch(); }) {}

ConnectionWatch::~ConnectionWatch() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  stopping_.notify_all();
  watcher_.join();
}

ConnectionWatch::Connection* ConnectionWatch::mine() {
  const auto at = on_thread_.find(std::this_thread::get_id());
  if (at == on_thread_.end()) return nullptr;
  const auto c = open_.find(at->second);
  return c == open_.end() ? nullptr : &c->second;
}

std::optional<ConnectionWatch::Socket> ConnectionWatch::accepted(int port) {
  // The new connection is the one served socket not yet known (the accepting thread is the
  // only one that adds them, one accept at a time).
  std::vector<Socket> found;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (const dirent* entry = readdir(dir)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      if (const auto socket = served_socket(std::atoi(entry->d_name), port)) found.push_back(*socket);
    }
    closedir(dir);
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  std::optional<Socket> fresh;
  for (const auto& socket : found) {
    if (open_.count(socket)) continue;
    if (fresh) return std::nullopt;  // two unknown: cannot tell which is new; leave both to httplib's timeouts
    fresh = socket;
  }
  if (fresh) open_[*fresh].socket = *fresh;
  return fresh;
}

void ConnectionWatch::opened(Socket socket) {
  const std::lock_guard<std::mutex> lock(mutex_);
  on_thread_[std::this_thread::get_id()] = socket;
  auto& c = open_[socket];
  c.socket = socket;
  if (c.phase != Phase::waiting) return;  // cut while waiting for a thread
  c.phase = Phase::head;
  c.deadline = deadline();
  c.bytes_at_start = bytes_received(socket.fd);
}

void ConnectionWatch::head_read(bool body) {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto* c = mine();
  if (!c || c->phase == Phase::cut) return;
  if (body) {
    c->phase = Phase::body;
    c->deadline = deadline();
  } else {
    c->phase = Phase::handling;
  }
}

void ConnectionWatch::handling() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (auto* c = mine(); c && c->phase != Phase::cut) c->phase = Phase::handling;
}

void ConnectionWatch::close_after_answer() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (auto* c = mine()) c->close_after_answer = true;
}

void ConnectionWatch::answered() {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto* c = mine();
  if (!c || c->phase == Phase::cut) return;
  if (c->close_after_answer) {
    // Its unread body would be read as the next request: end the connection here.
    ::shutdown(c->socket.fd, SHUT_RDWR);
    c->phase = Phase::cut;
    return;
  }
  c->phase = Phase::head;
  c->deadline = deadline();
  c->bytes_at_start = bytes_received(c->socket.fd);
}

void ConnectionWatch::closed() {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto at = on_thread_.find(std::this_thread::get_id());
  if (at == on_thread_.end()) return;
  open_.erase(at->second);
  on_thread_.erase(at);
}

std::chrono::steady_clock::time_point ConnectionWatch::deadline() const {
  return Clock::now() +
         std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limits_.read_seconds));
}

int ConnectionWatch::cut_slow() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return cut_slow_;
}

int ConnectionWatch::cut_large() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return cut_large_;
}

void ConnectionWatch::cut(Connection& c, int status) {
  // The connection's thread is blocked reading: it writes nothing until its read fails, so the
  // answer goes out whole; then both directions are shut, which ends that read.
  c.phase = Phase::cut;
  if (!same_inode(c.socket)) return;  // already closed by its thread
  const std::string text = answer(status);
  [[maybe_unused]] const auto sent = ::send(c.socket.fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(c.socket.fd, SHUT_RDWR);
  // What it sent and nobody read would make the close a reset, which can lose the answer.
  char unread[4096];
  while (::recv(c.socket.fd, unread, sizeof(unread), MSG_DONTWAIT) > 0) {
  }
  ++(status == 408 ? cut_slow_ : cut_large_);
}

void ConnectionWatch::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    stopping_.wait_for(lock, std::chrono::milliseconds(50));
    const auto now = Clock::now();
    for (auto& [thread, c] : open_) {
      if (c.phase != Phase::head && c.phase != Phase::body) continue;
      const std::uint64_t received = c.phase == Phase::head ? bytes_received(c.socket.fd) : 0;
      if (received > c.bytes_at_start && received - c.bytes_at_start > limits_.largest_head) {
        cut(c, 431);
      } else if (now > c.deadline) {
        cut(c, 408);
      }
    }
  }
}

}  // namespace careflow::serve
