// Read deadlines on real connections: clients that send their request a line at a time, more
// of them than the server has threads, are cut with 408 while /api/status still answers; a head
// larger than the limit is cut with 431.

#include "serve/connection_watch.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fmt/core.h>
#include <thread>
#include <vector>

#include "running_server.hpp"

namespace careflow::serve {
namespace {

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{20, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

// A client that sends a header line every 100 ms until the server answers, and the answer.
std::string slow_client(int port) {
  const int fd = connect_to(port);
  if (fd < 0) return "connect failed " + std::to_string(errno);
  std::string text = fmt::format("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", port);
  ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
  std::string answer;
  for (int line = 0; line < 300; ++line) {  // 30 s at most
    // Reads what came before sending more, as a client that reads while it writes.
    char buffer[1024];
    const auto n = ::recv(fd, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
    if (n == 0 || !answer.empty()) break;
    const std::string header = fmt::format("X-Slow-{}: a\r\n", line);
    if (::send(fd, header.data(), header.size(), MSG_NOSIGNAL) <= 0) {
      answer += "<send failed at line " + std::to_string(line) + ": " + std::to_string(errno) + ">";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  char buffer[1024];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return answer;
}

TEST(connection_watch, slow_clients_beyond_the_threads_are_cut_and_status_still_answers) {
  ServeLimits limits;  // 2 running + 8 queued + 32: 42 threads
  ServeAccess access;
  access.reading.read_seconds = 1;
  RunningServer server(limits, access);
  constexpr int kSlow = 60;
  std::vector<std::string> answers(kSlow);
  std::vector<std::thread> clients;
  for (int i = 0; i < kSlow; ++i) clients.emplace_back([&, i] { answers[i] = slow_client(server.port()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // every slow client has begun
  const auto status = send_raw(server.port(), fmt::format("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n"
                                                          "Connection: close\r\n\r\n",
                                                          server.port()),
                               60);
  EXPECT_EQ(status_of(status), 200) << status;
  for (auto& t : clients) t.join();
  int cut = 0;
  for (const auto& a : answers) {
    cut += status_of(a) == 408 ? 1 : 0;
    if (status_of(a) != 408) ADD_FAILURE() << "[" << a.substr(0, 300) << "]";
  }
  EXPECT_EQ(cut, kSlow);
  EXPECT_EQ(server.server().watch().cut_slow(), kSlow);
  EXPECT_NE(answers[0].find("did not arrive in time"), std::string::npos) << answers[0];
}

TEST(connection_watch, a_head_larger_than_the_limit_is_cut_with_431) {
  RunningServer server;
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  // One header line of 1 MB, sent as fast as the server takes it.
  std::string text = fmt::format("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Big: ", server.port());
  text += std::string(1 << 20, 'x');
  std::size_t sent = 0;
  while (sent < text.size()) {
    const auto n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_EQ(status_of(answer), 431) << answer;
  EXPECT_EQ(server.server().watch().cut_large(), 1);
  EXPECT_EQ(server.status()["running"], 0);
}

TEST(connection_watch, a_prompt_client_on_a_kept_connection_is_never_cut) {
  ServeAccess access;
  access.reading.read_seconds = 0.5;
  RunningServer server({}, access);
  auto client = server.client();
  client->set_keep_alive(true);
  for (int i = 0; i < 8; ++i) {
    const auto r = client->Get("/api/status");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // 1.6 s on one connection in all
  }
  EXPECT_EQ(server.server().watch().cut_slow(), 0);
}

}  // namespace
}  // namespace careflow::serve
