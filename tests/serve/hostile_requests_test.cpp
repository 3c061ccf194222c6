// careflow serve against a hostile client, through a real socket: bytes that are not UTF-8 in
// every place a request can carry them, numbers past a double's range, methods the server does
// not answer, bodies with no length, other sites' pages, downloads left half-way, and a fuzz of
// random and mutated requests; after each, the server still answers.

#include <gtest/gtest.h>

#include <chrono>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <vector>

#include "running_server.hpp"

namespace careflow::serve {
namespace {

std::string request(const RunningServer& server, const std::string& method, const std::string& target,
                    const std::string& body = "", const std::string& extra_headers = "") {
  std::string text = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{}", method, target, server.port(),
                                 extra_headers);
  if (method == "POST") text += fmt::format("Content-Length: {}\r\nContent-Type: application/json\r\n", body.size());
  return text + "Connection: close\r\n\r\n" + body;
}

// The answer's status, checking that its body is JSON naming an error.
int refused(const RunningServer& server, const std::string& bytes) {
  const auto answer = send_raw(server.port(), bytes);
  const int status = status_of(answer);
  if (status >= 400) {
    const auto body = nlohmann::json::parse(body_of(answer), nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << answer;
    if (!body.is_discarded()) {
      EXPECT_TRUE(body.contains("error")) << answer;
    }
  }
  return status;
}

void still_up(const RunningServer& server) {
  const auto answer = send_raw(server.port(), request(server, "GET", "/api/status"));
  ASSERT_EQ(status_of(answer), 200) << answer;
  EXPECT_TRUE(nlohmann::json::parse(body_of(answer)).contains("running"));
}

TEST(hostile_requests, bytes_that_are_not_utf8_are_refused_and_the_server_stays_up) {
  RunningServer server;
  EXPECT_EQ(refused(server, request(server, "POST", "/%FF", "{}")), 405);
  EXPECT_EQ(refused(server, request(server, "GET", "/%FF")), 404);
  EXPECT_EQ(refused(server, request(server, "GET", "/\xff\xfe")), 404);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", "{\"scenario\": \"\xff\"}")), 400);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", "{\"changes\": {\"\xff\": 1}}")), 400);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", "{\"changes\": {\"acute.beds\": \"\xff\"}}")), 400);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", "{\"\xff\": 1}")), 400);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", "{\"scenario\": \"\\udc00\"}")), 400);
  EXPECT_EQ(refused(server, request(server, "GET", "/api/download/scenario.toml?scenario=%FF")), 400);
  EXPECT_EQ(refused(server, request(server, "GET", "/api/download/results.csv?%FF=1")), 400);
  EXPECT_EQ(refused(server, request(server, "GET", "/api/download/results.csv?acute.beds=%C0%AF")), 400);
  EXPECT_EQ(refused(server, request(server, "GET", "/api/scenarios/%FF")), 404);
  still_up(server);
}

TEST(hostile_requests, numbers_methods_and_lengths_get_a_4xx_at_once) {
  RunningServer server;
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", R"({"days": 1e400})")), 400);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", R"({"seed": -1e400})")), 400);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", R"({"replications": 1})")), 400);
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    // No Content-Length: cpp-httplib alone would wait for a body until its read timed out.
    const auto answer = send_raw(server.port(), fmt::format("{} /api/run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                                                            method, server.port()));
    EXPECT_EQ(status_of(answer), 405) << method;
    EXPECT_NE(answer.find("Allow: POST, OPTIONS"), std::string::npos) << answer;
  }
  EXPECT_EQ(refused(server, request(server, "GET", "/api/run")), 405);
  EXPECT_EQ(refused(server, request(server, "POST", "/api/status", "{}")), 405);
  // A POST with no length, left open: answered 411 without waiting for a body.
  const auto empty = send_raw(server.port(),
                              fmt::format("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port()));
  EXPECT_EQ(status_of(empty), 411) << empty;
  EXPECT_EQ(refused(server, fmt::format("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: "
                                        "1000000000000\r\n\r\n",
                                        server.port())),
            413);
  EXPECT_EQ(refused(server, fmt::format("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nTransfer-Encoding: "
                                        "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                                        server.port())),
            411);
  EXPECT_EQ(refused(server, request(server, "GET", "/" + std::string(9000, 'a'))), 414);
  EXPECT_EQ(refused(server, "NONSENSE\r\n\r\n"), 400);
  still_up(server);
}

TEST(hostile_requests, other_hosts_and_other_sites_pages_are_refused_unless_allowed) {
  ServeAccess access;
  access.allowed_origins = {"https://dashboard.example"};
  RunningServer server({}, access);
  const auto status = [&](const std::string& headers) {
    return status_of(send_raw(server.port(), fmt::format("GET /api/status HTTP/1.1\r\n{}Connection: close\r\n\r\n",
                                                         headers)));
  };
  const std::string host = fmt::format("Host: 127.0.0.1:{}\r\n", server.port());
  EXPECT_EQ(status(host), 200);
  EXPECT_EQ(status(fmt::format("Host: localhost:{}\r\n", server.port())), 200);
  EXPECT_EQ(status(fmt::format("Host: rebound.example:{}\r\n", server.port())), 403);
  EXPECT_EQ(status(""), 400);
  EXPECT_EQ(status(host + "Origin: http://evil.example\r\n"), 403);
  EXPECT_EQ(status(host + "Sec-Fetch-Site: cross-site\r\n"), 403);
  EXPECT_EQ(status(host + fmt::format("Origin: http://127.0.0.1:{}\r\n", server.port())), 200);
  // A page on another origin posting a run (a no-cors fetch) starts nothing.
  EXPECT_EQ(refused(server, request(server, "POST", "/api/run", R"({"days": 20, "replications": 2})",
                                    "Origin: http://evil.example\r\n")),
            403);
  EXPECT_EQ(server.status()["running"], 0);
  // The allowed origin may call the API, and is told so (CORS), preflight included.
  const auto answer = send_raw(server.port(), fmt::format("GET /api/status HTTP/1.1\r\n{}Origin: "
                                                          "https://dashboard.example\r\nConnection: close\r\n\r\n",
                                                          host));
  EXPECT_EQ(status_of(answer), 200);
  EXPECT_NE(answer.find("Access-Control-Allow-Origin: https://dashboard.example"), std::string::npos) << answer;
  const auto preflight = send_raw(server.port(), fmt::format("OPTIONS /api/run HTTP/1.1\r\n{}Origin: "
                                                             "https://dashboard.example\r\nConnection: close\r\n\r\n",
                                                             host));
  EXPECT_EQ(status_of(preflight), 204) << preflight;
  EXPECT_NE(preflight.find("Access-Control-Allow-Methods: POST, OPTIONS"), std::string::npos) << preflight;
}

TEST(hostile_requests, a_download_whose_client_leaves_stops_its_run) {
  ServeLimits limits;
  limits.max_running = 1;
  limits.max_queued = 0;
  limits.max_replication_days = 1e9;
  RunningServer server(limits);
  for (const char* file : {"results.csv", "changed.h5"}) {
    // Ten years, ten replications, far longer than the client waits; it leaves once running.
    const auto target = fmt::format("/api/download/{}?scenario=baseline&days=3650&replications=10&seed={}", file,
                                    file[0] == 'r' ? 5 : 6);
    std::thread client([&] { send_raw(server.port(), request(server, "GET", target), 0.5); });
    client.join();
    ASSERT_TRUE(settles(server)) << file;
  }
  EXPECT_EQ(server.status()["stopped"], 2);
  // Its place is free again: a short download completes whole.
  const auto answer = send_raw(server.port(), request(server, "GET",
                                                      "/api/download/results.csv?scenario=baseline&days=20&"
                                                      "replications=2&acute.beds=1700"));
  EXPECT_EQ(status_of(answer), 200);
  EXPECT_NE(answer.find("acute occupancy"), std::string::npos) << answer.substr(0, 2000);
}

// Requests a server should refuse or answer, to be cut, flipped and spliced by the fuzz.
std::vector<std::string> seeds(const RunningServer& server) {
  return {request(server, "GET", "/api/status"),
          request(server, "GET", "/api/scenarios/baseline"),
          request(server, "GET", "/api/download/scenario.toml?scenario=baseline&days=90&acute.beds=1600"),
          request(server, "GET", "/api/download/results.csv?scenario=baseline&days=5&replications=2"),
          request(server, "POST", "/api/run", R"({"scenario": "baseline", "days": 5, "replications": 2})"),
          request(server, "POST", "/api/run",
                  R"({"changes": {"services.p2_north.capacity": 90, "levers.home_first": true}, "days": 5})"),
          request(server, "OPTIONS", "/api/run", "", "Origin: http://evil.example\r\n"),
          request(server, "GET", "/app.js")};
}

std::string mutated(std::string text, std::mt19937_64& random) {
  std::uniform_int_distribution<int> kind(0, 7), byte(0, 255);
  const auto at = [&] { return std::uniform_int_distribution<std::size_t>(0, text.empty() ? 0 : text.size() - 1)(random); };
  const int edits = 1 + static_cast<int>(random() % 4);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    switch (kind(random)) {
      case 0: text[at()] = static_cast<char>(byte(random)); break;                                  // a byte changed
      case 1: text.insert(at(), 1, static_cast<char>(byte(random))); break;                          // one added
      case 2: text.erase(at(), 1 + random() % 8); break;                                             // some lost
      case 3: text.resize(at()); break;                                                              // cut short
      case 4: text.insert(at(), std::string(1 + random() % 3000, static_cast<char>(byte(random)))); break;
      case 5: text.insert(at(), "%" + fmt::format("{:02X}", byte(random))); break;                   // an escape
      case 6: {                                                                                      // a line twice
        const auto start = text.find("\r\n");
        if (start != std::string::npos) text.insert(start, text.substr(0, start));
        break;
      }
      default: text[at()] ^= static_cast<char>(1 << (random() % 8)); break;                          // a bit flipped
    }
  }
  return text;
}

TEST(hostile_requests, a_fuzz_of_random_and_mutated_requests_leaves_the_server_answering) {
  ServeLimits limits;
  limits.max_replication_days = 200;  // a mutated run request stays short
  ServeAccess access;
  access.reading.read_seconds = 0.1;  // a request cut short is answered 408 soon
  RunningServer server(limits, access);
  const auto templates = seeds(server);
  constexpr int kRequests = 1000, kClients = 20;
  std::vector<std::vector<int>> statuses(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937_64 random(20261205 + c);
      for (int i = c; i < kRequests; i += kClients) {
        std::string bytes;
        if (i % 5 == 0) {  // random bytes
          bytes.resize(random() % 600);
          for (auto& b : bytes) b = static_cast<char>(random());
        } else {
          bytes = mutated(templates[random() % templates.size()], random);
        }
        statuses[c].push_back(status_of(send_raw(server.port(), bytes, 1)));
      }
    });
  }
  for (auto& t : clients) t.join();
  int answered = 0, server_errors = 0;
  for (const auto& list : statuses) {
    for (const int s : list) {
      answered += s > 0 ? 1 : 0;
      server_errors += s >= 500 ? 1 : 0;
    }
  }
  EXPECT_EQ(server_errors, 0);
  EXPECT_GT(answered, kRequests / 2) << "most requests, even mangled, get an answer";
  still_up(server);
  EXPECT_TRUE(settles(server));
}

}  // namespace
}  // namespace careflow::serve
