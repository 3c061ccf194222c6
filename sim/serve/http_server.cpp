#include "serve/http_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <string_view>
#include <fmt/core.h>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/process_memory.hpp"
#include "model/care_system.hpp"
#include "serve/request_gate.hpp"
#include "serve/results_csv.hpp"
#include "serve/web_assets.hpp"

namespace careflow::serve {
namespace {

// JSON text whatever bytes a message echoes: a request may carry any bytes (a path, a query, a
// parse error quoting the body), and nlohmann's dump throws on text that is not UTF-8.
std::string json_text(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(json_text(body), "application/json");
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

// One request that runs: the worker thread runs it once its ticket's turn comes, while the
// connection's thread watches the client and writes what there is to write: for a run request
// its place in the queue and its progress as JSON lines, then its result; for a download the
// file at the end. A client that goes away stops the run.
struct BackgroundRun {
  using Work = std::function<std::string(const std::atomic<bool>& stop, const std::function<void(int, int)>& progress)>;

  BackgroundRun(RunService& s, RunSlots::Ticket t, Work w, bool lines)
      : service(s), ticket(std::move(t)), work(std::move(w)), json_lines(lines) {}
  ~BackgroundRun() {
    stop = true;
    if (worker.joinable()) worker.join();
  }

  void start() {
    if (!worker.joinable()) worker = std::thread([this] { run(); });
  }

  void run() {
    std::optional<std::string> out;
    if (ticket->wait_for_turn([this] { return stop.load(); })) {
      try {
        out = work(stop, [this](int done_now, int total_now) {
          const std::lock_guard<std::mutex> lock(mutex);
          done = std::max(done, done_now);
          total = total_now;
          changed.notify_all();
        });
      } catch (const model::RunStopped&) {
        service.count_stopped_run();
        if (json_lines) out = json_text({{"cancelled", true}}) + "\n";
      } catch (const std::exception& e) {
        if (json_lines) out = json_text({{"error", std::string("the run failed: ") + e.what()}}) + "\n";
      }
    } else {
      service.count_stopped_run();  // gone while waiting its turn
      if (json_lines) out = json_text({{"cancelled", true}}) + "\n";
    }
    // glibc keeps a finished run's freed memory in the arenas of the threads that ran it, so a
    // server that has run a few long runs would otherwise hold hundreds of MiB it no longer uses.
    // Given back before the place is, so that an idle server holds none of it.
    engine::release_freed_memory();
    const std::lock_guard<std::mutex> lock(mutex);
    ticket.reset();  // frees the place for the next request
    last = std::move(out);
    finished = true;
    changed.notify_all();
  }

  // The connection's side; false when the client has gone (the run is then stopped) or, for a
  // download, when the run failed (the connection is then cut, so no file looks whole).
  bool stream(httplib::DataSink& sink) {
    start();
    int sent_done = 0, sent_ahead = -1;  // progress lines begin at the first replication done
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return finished || done != sent_done; });
      if (!sink.is_writable()) {
        stop = true;
        return false;
      }
      if (finished) {
        if (!last) return false;
        const std::string text = std::move(*last);
        lock.unlock();
        if (!sink.write(text.data(), text.size())) return false;
        sink.done();
        return true;
      }
      std::string line;
      if (json_lines && done != sent_done) {
        line = json_text({{"progress", {{"done", done}, {"total", total}}}}) + "\n";
        sent_done = done;
      } else if (const int ahead = ticket ? ticket->ahead() : 0; json_lines && done <= 0 && ahead != sent_ahead) {
        line = json_text({{"queued", {{"ahead", ahead}}}}) + "\n";
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
  std::optional<RunSlots::Ticket> ticket;
  Work work;
  bool json_lines;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::condition_variable changed;
  int done = 0, total = 0;
  bool finished = false;
  std::optional<std::string> last;
  std::thread worker;
};

std::multimap<std::string, std::string> query_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

void attach(httplib::Response& res, const std::string& file_name) {
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
}

std::optional<std::string_view> header_if_sent(const httplib::Request& req, const char* name) {
  const auto at = req.headers.find(name);
  if (at == req.headers.end()) return std::nullopt;
  return std::string_view(at->second);
}

std::string_view header(const httplib::Request& req, const char* name) {
  return header_if_sent(req, name).value_or(std::string_view{});
}

}  // namespace

// cpp-httplib's thread pool, with each accepted connection told to the watch: enqueue() runs on
// the accepting thread just after an accept, and the job on the connection's own thread.
class WatchedTaskQueue : public httplib::TaskQueue {
 public:
  WatchedTaskQueue(std::size_t threads, ConnectionWatch& watch, int port) : pool_(threads), watch_(watch), port_(port) {}

  void enqueue(std::function<void()> fn) override {
    const auto socket = watch_.accepted(port_);
    pool_.enqueue([this, fn = std::move(fn), socket] {
      if (socket) watch_.opened(*socket);
      fn();
      if (socket) watch_.closed();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  ConnectionWatch& watch_;
  int port_;
};

HttpServer::HttpServer(RunService& service, ServeAccess access)
    : service_(service),
      access_(std::move(access)),
      watch_(access_.reading),
      server_(std::make_unique<httplib::Server>()) {
  const auto limits = service_.limits();
  // Every run and queued request holds a connection; the rest answer the page, status and
  // refusals. A slow client holds one for at most its read deadline.
  const auto connections = static_cast<std::size_t>(limits.max_running + limits.max_queued + 32);
  server_->new_task_queue = [this, connections] { return new WatchedTaskQueue(connections, watch_, rules_.port); };
  server_->set_payload_max_length(kLargestBody);
  server_->set_keep_alive_timeout(2);
  server_->set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket_ = static_cast<int>(sock);
  });
  server_->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                                {"Content-Security-Policy",
                                 "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"},
                                {"Cache-Control", "no-store"}});
  add_routes();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  int bound = port;
  if (port == 0) {
    bound = server_->bind_to_any_port(host);
    if (bound <= 0) throw std::runtime_error("cannot listen on " + host);
  } else if (!server_->bind_to_port(host, port)) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)", host, port));
  }
  // cpp-httplib listens with a backlog of 5: a burst of connections beyond it would be reset
  // before a thread could refuse them. Listening again only lengthens the backlog.
  if (listening_socket_ >= 0) ::listen(listening_socket_, SOMAXCONN);
  rules_.host = host;
  rules_.port = bound;
  rules_.allowed_origins = access_.allowed_origins;
  rules_.allowed_hosts = access_.allowed_hosts;
  return bound;
}

void HttpServer::listen() { server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

const ConnectionWatch& HttpServer::watch() const { return watch_; }

void HttpServer::add_routes() {
  auto& s = *server_;
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const RequestError& e) {
      send_error(res, e);
    } catch (const std::exception& e) {
      send_json(res, 500, {{"error", std::string("internal error: ") + e.what()}, {"field", ""}});
    } catch (...) {
      send_json(res, 500, {{"error", "internal error"}, {"field", ""}});
    }
  });
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string why = res.status == 413   ? "the request is larger than this server takes"
                            : res.status == 414 ? "the request's address is longer than this server takes"
                            : res.status == 404 ? "nothing at " + req.path
                                                : "the request could not be read";
    send_json(res, res.status, {{"error", why}, {"field", ""}});
  });
  s.set_logger([this](const httplib::Request&, const httplib::Response&) { watch_.answered(); });
  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    watch_.head_read(req.method == "POST");
    const RequestHead head{req.method,
                           req.path,
                           header(req, "Host"),
                           header(req, "Origin"),
                           header(req, "Sec-Fetch-Site"),
                           header_if_sent(req, "Content-Length"),
                           header(req, "Transfer-Encoding")};
    if (const auto refusal = refuse_request(rules_, head)) {
      watch_.handling();
      if (!refusal->allow.empty()) res.set_header("Allow", refusal->allow);
      if (req.method != "GET" && req.method != "HEAD") {
        // Its body (if any) stays unread: the connection ends with this answer.
        watch_.close_after_answer();
        if (req.get_header_value("Connection") != "close") res.set_header("Connection", "close");
      }
      send_json(res, refusal->status, {{"error", refusal->message}, {"field", ""}});
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string origin(head.origin);
    const bool cross_origin_allowed = !origin.empty() && origin_allowed(rules_, origin);
    if (cross_origin_allowed) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
    if (req.method == "OPTIONS") {
      watch_.handling();
      res.status = 204;
      res.set_header("Allow", allowed_methods(req.path));
      if (cross_origin_allowed) {
        res.set_header("Access-Control-Allow-Methods", allowed_methods(req.path));
        res.set_header("Access-Control-Allow-Headers", "Content-Type");
        res.set_header("Access-Control-Max-Age", "600");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Every route tells the watch that its request is in: no read deadline while it answers.
  const auto route = [this](auto handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      watch_.handling();
      handler(req, res);
    };
  };

  s.Get("/api/scenarios", route([this](const httplib::Request&, httplib::Response& res) {
          send_json(res, 200, service_.scenarios_json());
        }));
  s.Get(R"(/api/scenarios/([A-Za-z0-9_.\-]+))", route([this](const httplib::Request& req, httplib::Response& res) {
          send_json(res, 200, service_.scenario_json(req.matches[1].str()));
        }));
  s.Get("/api/status", route([this](const httplib::Request&, httplib::Response& res) {
          const auto st = service_.slots().status();
          send_json(res, 200,
                    {{"running", st.running}, {"queued", st.queued}, {"max_running", st.max_running},
                     {"max_queued", st.max_queued}, {"threads", service_.threads()},
                     {"stopped", service_.stopped_runs()}});
        }));
  // A request that runs takes a place (429 when none is free) and runs in the background while
  // the connection watches its client.
  const auto run_in_background = [this](httplib::Response& res, const char* content_type, BackgroundRun::Work work,
                                        bool json_lines) {
    auto ticket = service_.slots().join();
    if (!ticket) throw queue_full(service_.slots());
    auto job = std::make_shared<BackgroundRun>(service_, std::move(*ticket), std::move(work), json_lines);
    res.set_chunked_content_provider(content_type,
                                     [job](std::size_t, httplib::DataSink& sink) { return job->stream(sink); });
  };
  s.Post("/api/run", route([this, run_in_background](const httplib::Request& req, httplib::Response& res) {
           auto run = std::make_shared<const PreparedRun>(service_.prepare(run_request_from_json(req.body)));
           run_in_background(
               res, "application/x-ndjson",
               [this, run](const std::atomic<bool>& stop, const std::function<void(int, int)>& progress) {
                 return json_text({{"result", service_.run(*run, stop, progress)}}) + "\n";
               },
               true);
         }));
  s.Get("/api/download/scenario.toml", route([this](const httplib::Request& req, httplib::Response& res) {
          const auto run = service_.prepare(run_request_from_query(query_of(req)));
          attach(res, run.entry->id + "-changed.toml");
          res.set_content(RunService::changed_toml(run), "application/toml");
        }));
  s.Get("/api/download/results.csv",
        route([this, run_in_background](const httplib::Request& req, httplib::Response& res) {
          auto run = std::make_shared<const PreparedRun>(service_.prepare(run_request_from_query(query_of(req))));
          attach(res, run->entry->id + "-results.csv");
          run_in_background(
              res, "text/csv",
              [this, run](const std::atomic<bool>& stop, const std::function<void(int, int)>&) {
                return results_csv(service_.run(*run, stop, [](int, int) {}));
              },
              false);
        }));
  for (const bool changed : {true, false}) {
    const std::string name = changed ? "changed" : "unchanged";
    s.Get("/api/download/" + name + ".h5",
          route([this, run_in_background, changed, name](const httplib::Request& req, httplib::Response& res) {
            auto run = std::make_shared<const PreparedRun>(service_.prepare(run_request_from_query(query_of(req))));
            attach(res, run->entry->id + "-" + name + ".h5");
            run_in_background(
                res, "application/x-hdf5",
                [this, run, changed](const std::atomic<bool>& stop, const std::function<void(int, int)>&) {
                  return service_.trace(*run, changed, stop);
                },
                false);
          }));
  }
  s.Get(".*", route([](const httplib::Request& req, httplib::Response& res) {
          const auto* asset = find_web_asset(req.path);
          if (!asset) {
            send_json(res, 404, {{"error", "nothing at " + req.path}, {"field", ""}});
            return;
          }
          res.set_content(std::string(asset->body), std::string(asset->content_type).c_str());
        }));
}

}  // namespace careflow::serve
