#include "serve/http_server.hpp"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <fmt/core.h>
#include <mutex>
#include <optional>
#include <thread>

#include "model/care_system.hpp"
#include "serve/results_csv.hpp"
#include "serve/web_assets.hpp"

namespace careflow::serve {
namespace {

constexpr std::size_t kLargestBody = 64 * 1024;  // a run request is a few hundred bytes

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, const RequestError& e) {
  if (e.status() == 429) res.set_header("Retry-After", "2");
  send_json(res, e.status(), {{"error", e.what()}, {"field", e.field()}});
}

RequestError queue_full(const RunSlots& slots) {
  const auto s = slots.status();
  return RequestError(429, "",
                      fmt::format("the server is busy: {} runs running and {} waiting (at most {} and {}); try again "
                                  "in a moment",
                                  s.running, s.queued, s.max_running, s.max_queued));
}

// One streamed run: the worker thread runs it once its ticket's turn comes; the connection's
// thread writes its place in the queue, its progress and its result as JSON lines.
struct StreamedRun {
  StreamedRun(RunService& s, PreparedRun r, RunSlots::Ticket t) : service(s), run(std::move(r)), ticket(std::move(t)) {}
  ~StreamedRun() {
    stop = true;
    if (worker.joinable()) worker.join();
  }

  void start() {
    if (!worker.joinable()) worker = std::thread([this] { work(); });
  }

  void work() {
    std::string line;
    if (ticket->wait_for_turn([this] { return stop.load(); })) {
      try {
        const auto result = service.run(run, stop, [this](int done_now, int total_now) {
          const std::lock_guard<std::mutex> lock(mutex);
          done = std::max(done, done_now);
          total = total_now;
          changed.notify_all();
        });
        line = nlohmann::json{{"result", result}}.dump();
      } catch (const model::RunStopped&) {
        service.count_stopped_run();
        line = nlohmann::json{{"cancelled", true}}.dump();
      } catch (const std::exception& e) {
        line = nlohmann::json{{"error", std::string("the run failed: ") + e.what()}}.dump();
      }
    } else {
      service.count_stopped_run();  // gone while waiting its turn
      line = nlohmann::json{{"cancelled", true}}.dump();
    }
    const std::lock_guard<std::mutex> lock(mutex);
    ticket.reset();  // frees the place for the next request
    result_line = line + "\n";
    finished = true;
    changed.notify_all();
  }

  // The connection's side; false when the client has gone (the run is then stopped).
  bool stream(httplib::DataSink& sink) {
    start();
    int sent_done = -1, sent_ahead = -1;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished || done != sent_done; });
      if (!sink.is_writable()) {
        stop = true;
        return false;
      }
      if (finished) {
        const std::string line = result_line;
        lock.unlock();
        if (!sink.write(line.data(), line.size())) return false;
        sink.done();
        return true;
      }
      std::string line;
      if (done != sent_done && done > 0) {
        line = nlohmann::json{{"progress", {{"done", done}, {"total", total}}}}.dump() + "\n";
        sent_done = done;
      } else if (const int ahead = ticket ? ticket->ahead() : 0; done <= 0 && ahead != sent_ahead) {
        line = nlohmann::json{{"queued", {{"ahead", ahead}}}}.dump() + "\n";
        sent_ahead = ahead;
      }
      lock.unlock();
      if (!line.empty() && !sink.write(line.data(), line.size())) {
        stop = true;
        return false;
      }
    }
  }

  RunService& service;
  PreparedRun run;
  std::optional<RunSlots::Ticket> ticket;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable changed;
  int done = 0, total = 0;
  bool finished = false;
  std::string result_line;
  std::thread worker;
};

std::multimap<std::string, std::string> query_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

void attach(httplib::Response& res, const std::string& file_name) {
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
}

}  // namespace

HttpServer::HttpServer(RunService& service) : service_(service), server_(std::make_unique<httplib::Server>()) {
  const auto limits = service_.limits();
  const auto connections = static_cast<std::size_t>(limits.max_running + limits.max_queued + 8);
  server_->new_task_queue = [connections] { return new httplib::ThreadPool(connections); };
  server_->set_payload_max_length(kLargestBody);
  server_->set_keep_alive_timeout(2);
  server_->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                                {"Content-Security-Policy",
                                 "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"},
                                {"Cache-Control", "no-store"}});
  add_routes();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  if (port == 0) {
    const int bound = server_->bind_to_any_port(host);
    if (bound <= 0) throw std::runtime_error("cannot listen on " + host);
    return bound;
  }
  if (!server_->bind_to_port(host, port)) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", host, port));
  }
  return port;
}

void HttpServer::listen() { server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

void HttpServer::add_routes() {
  auto& s = *server_;
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const RequestError& e) {
      send_error(res, e);
    } catch (const std::exception& e) {
      send_json(res, 500, {{"error", std::string("internal error: ") + e.what()}, {"field", ""}});
    }
  });
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string why = res.status == 413 ? "the request is larger than this server takes"
                                              : res.status == 404 ? "nothing at " + req.path
                                                                  : "the request could not be answered";
    send_json(res, res.status, {{"error", why}, {"field", ""}});
  });

  s.Get("/api/scenarios", [this](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, service_.scenarios_json());
  });
  s.Get(R"(/api/scenarios/([A-Za-z0-9_.\-]+))", [this](const httplib::Request& req, httplib::Response& res) {
    send_json(res, 200, service_.scenario_json(req.matches[1].str()));
  });
  s.Get("/api/status", [this](const httplib::Request&, httplib::Response& res) {
    const auto st = service_.slots().status();
    send_json(res, 200,
              {{"running", st.running}, {"queued", st.queued}, {"max_running", st.max_running},
               {"max_queued", st.max_queued}, {"threads", service_.threads()},
               {"stopped", service_.stopped_runs()}});
  });
  s.Post("/api/run", [this](const httplib::Request& req, httplib::Response& res) {
    auto run = service_.prepare(run_request_from_json(req.body));
    auto ticket = service_.slots().join();
    if (!ticket) throw queue_full(service_.slots());
    auto job = std::make_shared<StreamedRun>(service_, std::move(run), std::move(*ticket));
    res.set_chunked_content_provider("application/x-ndjson",
                                     [job](std::size_t, httplib::DataSink& sink) { return job->stream(sink); });
  });
  s.Get("/api/download/scenario.toml", [this](const httplib::Request& req, httplib::Response& res) {
    const auto run = service_.prepare(run_request_from_query(query_of(req)));
    attach(res, run.entry->id + "-changed.toml");
    res.set_content(RunService::changed_toml(run), "application/toml");
  });
  // Downloads that run: each takes a place like a run request (429 when none is free).
  const auto run_for_download = [this](const httplib::Request& req, httplib::Response& res, auto&& answer) {
    const auto run = service_.prepare(run_request_from_query(query_of(req)));
    auto ticket = service_.slots().join();
    if (!ticket) throw queue_full(service_.slots());
    ticket->wait_for_turn([] { return false; });
    answer(run, res);
  };
  s.Get("/api/download/results.csv", [run_for_download, this](const httplib::Request& req, httplib::Response& res) {
    run_for_download(req, res, [this](const PreparedRun& run, httplib::Response& r) {
      const std::atomic<bool> never{false};
      attach(r, run.entry->id + "-results.csv");
      r.set_content(results_csv(service_.run(run, never, [](int, int) {})), "text/csv");
    });
  });
  for (const bool changed : {true, false}) {
    const std::string name = changed ? "changed" : "unchanged";
    s.Get("/api/download/" + name + ".h5", [run_for_download, this, changed, name](const httplib::Request& req,
                                                                                    httplib::Response& res) {
      run_for_download(req, res, [this, changed, name](const PreparedRun& run, httplib::Response& r) {
        const std::atomic<bool> never{false};
        attach(r, run.entry->id + "-" + name + ".h5");
        r.set_content(service_.trace(run, changed, never), "application/x-hdf5");
      });
    });
  }
  s.Get(".*", [](const httplib::Request& req, httplib::Response& res) {
    const auto* asset = find_web_asset(req.path);
    if (!asset) {
      send_json(res, 404, {{"error", "nothing at " + req.path}, {"field", ""}});
      return;
    }
    res.set_content(std::string(asset->body), std::string(asset->content_type).c_str());
  });
}

}  // namespace careflow::serve
