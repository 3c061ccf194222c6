#include "cli/serve_command.hpp"

#include <fmt/core.h>

#include "cli/interrupt.hpp"
#include "serve/http_server.hpp"
#include "serve/run_service.hpp"

namespace careflow::cli {

void add_serve_command(CLI::App& app, ServeOptions& o) {
  auto* serve = app.add_subcommand("serve", "Serve the page for leaders: change capacities and levers in a browser");
  serve->add_option("--port", o.port, "Port to listen on (0: any free port, printed)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--host", o.host,
                    "Address to listen on; the default answers this machine only, 0.0.0.0 every network "
                    "(anyone who can reach it can run scenarios)")
      ->capture_default_str();
  serve->add_option("--scenarios", o.scenarios, "Folder of the scenarios the page offers (default: the bundled ones)");
  serve->add_option("--threads", o.threads, "Threads all runs share (default: every core)")
      ->check(CLI::Range(1U, 4096U));
  serve->add_option("--max-runs", o.limits.max_running, "Requests running at once; later ones wait")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_option("--max-queued", o.limits.max_queued, "Requests waiting; beyond them the server answers 429")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  serve->add_option("--max-replication-days", o.limits.max_replication_days,
                    "Largest (days + warm-up) x replications of one request; larger ones are refused (413)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve->add_option("--allow-origin", o.access.allowed_origins,
                    "An origin (scheme://host[:port]) whose pages may call the API; requests from any other "
                    "site's page are refused (403). Repeat for several")
      ->take_all();
  serve->add_option("--allow-host", o.access.allowed_hosts,
                    "A name the server is reached by beyond its addresses (e.g. a DNS name with --host 0.0.0.0); "
                    "requests naming any other Host are refused (403). Repeat for several")
      ->take_all();
  serve->add_option("--read-deadline", o.access.reading.read_seconds,
                    "Seconds a request's line and headers, and then its body, may take to arrive (408 after)")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
}

int serve(const ServeOptions& o) {
  const std::string folder = o.scenarios.empty() ? std::string(CAREFLOW_SCENARIO_DIR) : o.scenarios;
  serve::RunService service(serve::ScenarioCatalogue(folder), o.limits, o.threads);
  serve::HttpServer server(service, o.access);
  const int port = server.bind(o.host, o.port);
  if (o.host != "127.0.0.1" && o.host != "localhost" && o.host != "::1") {
    fmt::print(stderr,
               "careflow serve: warning: listening on {}: anyone who can reach this machine can run scenarios "
               "(there is no sign-in); limits: {} runs at once, {} waiting\n",
               o.host, o.limits.max_running, o.limits.max_queued);
  }
  fmt::print("careflow serve: {} scenarios from {}, {} threads\n", service.catalogue().entries().size(), folder,
             service.threads());
  fmt::print("careflow serve: open http://{}:{}/ (Ctrl-C stops)\n", o.host == "0.0.0.0" ? "127.0.0.1" : o.host, port);
  std::fflush(stdout);
  set_interrupt_message("the server stopped");
  server.listen();
  return 0;
}

}  // namespace careflow::cli
