#pragma once
// `careflow serve`'s HTTP side (cpp-httplib): the page and its files, built into the binary, and
// the JSON API of docs/api.md over a RunService. A run request is answered as a stream of JSON
// lines (its place in the queue, progress, then the result), and a client that goes away
// stops its run.

#include <memory>
#include <string>

#include "serve/run_service.hpp"

namespace httplib {
class Server;
}

namespace careflow::serve {

class HttpServer {
 public:
  explicit HttpServer(RunService& service);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds to `host`:`port` (0: any free port) and returns the port; throws std::runtime_error
  /// when it cannot.
  int bind(const std::string& host, int port);
  /// Answers requests until stop(); call after bind().
  void listen();
  void stop();

 private:
  void add_routes();
  RunService& service_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace careflow::serve
