#pragma once
// `careflow serve`'s HTTP side (cpp-httplib): the page and its files, built into the binary, and
// the JSON API of docs/api.md over a RunService. A run request is answered as a stream of JSON
// lines (its place in the queue, progress, then the result), and a client that goes away
// stops its run, as it does a download's. Requests are checked before their bodies are read
// (request_gate: method, Host, Origin, length) and read within deadlines (connection_watch).

#include <memory>
#include <string>
#include <vector>

#include "serve/connection_watch.hpp"
#include "serve/request_gate.hpp"
#include "serve/run_service.hpp"

namespace httplib {
class Server;
}

namespace careflow::serve {

/// Who may reach the server beyond its own page, and how long a request may take to arrive.
struct ServeAccess {
  std::vector<std::string> allowed_origins;  ///< origins whose pages may call the API (CORS)
  std::vector<std::string> allowed_hosts;    ///< Host names it answers beyond its addresses
  ConnectionWatch::Limits reading;           ///< read deadline and largest head
};

class HttpServer {
 public:
  explicit HttpServer(RunService& service, ServeAccess access = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds to `host`:`port` (0: any free port) and returns the port; throws std::runtime_error
  /// when it cannot.
  int bind(const std::string& host, int port);
  /// Answers requests until stop(); call after bind().
  void listen();
  void stop();

  /// The connections cut for being slow or too large.
  const ConnectionWatch& watch() const;

 private:
  void add_routes();
  RunService& service_;
  ServeAccess access_;
  AccessRules rules_;  ///< set by bind()
  int listening_socket_ = -1;
  ConnectionWatch watch_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace careflow::serve
