#include "running_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace careflow::serve {

namespace {

// A whole answer: its head, and a body of its Content-Length or a chunked body's last chunk.
bool complete(const std::string& answer) {
  const auto head_end = answer.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  const auto body = answer.size() - head_end - 4;
  const auto length_at = answer.find("Content-Length: ");
  if (length_at != std::string::npos && length_at < head_end) {
    return body >= std::stoull(answer.substr(length_at + 16, answer.find("\r\n", length_at) - length_at - 16));
  }
  if (answer.find("Transfer-Encoding: chunked") < head_end) return answer.ends_with("\r\n0\r\n\r\n");
  return false;
}

}  // namespace

std::string send_raw(int port, const std::string& bytes, double timeout_seconds) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
    char buffer[4096];
    while (std::chrono::steady_clock::now() < end) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const auto n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
      if (complete(answer)) break;
    }
  }
  ::close(fd);
  return answer;
}

int status_of(const std::string& answer) {
  if (answer.compare(0, 9, "HTTP/1.1 ") != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

std::string body_of(const std::string& answer) {
  const auto at = answer.find("\r\n\r\n");
  return at == std::string::npos ? "" : answer.substr(at + 4);
}

}  // namespace careflow::serve
