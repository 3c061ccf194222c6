#pragma once
// `careflow serve`: the page for leaders and its JSON API (docs/api.md), on 127.0.0.1:8080 by
// default; --host opens it to a network, with a warning.

#include <CLI/CLI.hpp>
#include <string>

#include "serve/http_server.hpp"
#include "serve/serve_limits.hpp"

namespace careflow::cli {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string scenarios;  ///< "": the bundled scenarios/ folder
  unsigned threads = 0;
  serve::ServeLimits limits;
  serve::ServeAccess access;
};

void add_serve_command(CLI::App& app, ServeOptions& options);
int serve(const ServeOptions& options);

}  // namespace careflow::cli
