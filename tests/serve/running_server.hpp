#pragma once
// A careflow server on a free loopback port on its own thread, stopped at the end of the test,
// and plain sockets to talk to it byte by byte.

#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "serve/http_server.hpp"

namespace careflow::serve {

// The bundled scenarios, read once for every test (England's table takes a second).
inline const ScenarioCatalogue& bundled() {
  static const ScenarioCatalogue catalogue(CAREFLOW_SOURCE_DIR "/scenarios");
  return catalogue;
}

class RunningServer {
 public:
  explicit RunningServer(ServeLimits limits = {}, ServeAccess access = {})
      : service_(bundled(), limits, 2), server_(service_, std::move(access)) {
    port_ = server_.bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_.listen(); });
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(600, 0);
    return c;
  }
  nlohmann::json status() const { return nlohmann::json::parse(client()->Get("/api/status")->body); }
  int port() const { return port_; }
  const HttpServer& server() const { return server_; }

 private:
  RunService service_;
  HttpServer server_;
  int port_ = 0;
  std::thread thread_;
};

/// Waits (up to a minute) for the server to say it is running nothing and has nothing waiting.
inline bool settles(const RunningServer& server) {
  for (int i = 0; i < 600; ++i) {
    const auto status = server.status();
    if (status["running"] == 0 && status["queued"] == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

/// Sends `bytes` on a new connection and reads the answer until it is whole, the server closes
/// or `timeout_seconds` pass. (The sending side stays open: cpp-httplib writes nothing to a client
/// that has shut its side.)
std::string send_raw(int port, const std::string& bytes, double timeout_seconds = 30);

/// The status code of an HTTP answer (0 when there is none).
int status_of(const std::string& answer);

/// The body of an HTTP answer (after the blank line).
std::string body_of(const std::string& answer);

}  // namespace careflow::serve
