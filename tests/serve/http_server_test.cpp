// careflow serve's JSON API over real HTTP on a free port: refusals (400 naming the field, 404,
// 413, 429), two runs at once with the answers a direct run gives, and a run whose client goes
// away stopping and freeing its place.

#include "serve/http_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "running_server.hpp"
#include "scenario/scenario_loader.hpp"
#include "serve/scenario_outcome.hpp"

namespace careflow::serve {
namespace {

const std::string kScenarios = CAREFLOW_SOURCE_DIR "/scenarios";

// The last line of a streamed answer.
nlohmann::json last_line(const std::string& body) {
  auto end = body.find_last_not_of('\n');
  auto start = body.rfind('\n', end);
  return nlohmann::json::parse(body.substr(start == std::string::npos ? 0 : start + 1, end - start));
}

httplib::Result post_run(const RunningServer& server, const nlohmann::json& body) {
  return server.client()->Post("/api/run", body.dump(), "application/json");
}

TEST(http_server, a_refused_value_is_a_400_naming_the_field_in_the_loaders_words) {
  RunningServer server;
  auto c = server.client();
  auto r = post_run(server, {{"scenario", "baseline"}, {"changes", {{"services.p2_north.capacity", -5}}}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  const auto body = nlohmann::json::parse(r->body);
  EXPECT_EQ(body["field"], "services.p2_north.capacity");
  EXPECT_EQ(body["error"], "services.p2_north.capacity: must be a whole number from 0 to 10000000, got -5");

  // A key outside the page's fields (here one naming a file) is refused before any loading.
  r = post_run(server, {{"changes", {{"population.residents", "/etc/passwd"}}}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(nlohmann::json::parse(r->body)["field"], "population.residents");
  r = post_run(server, {{"changes", {{"levers.seven_day_working", "maybe"}}}});
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("levers.seven_day_working: must be true or false"), std::string::npos) << r->body;
  r = c->Post("/api/run", "{not json", "application/json");
  EXPECT_EQ(r->status, 400);
  r = post_run(server, {{"scenario", "../../etc/passwd"}});
  EXPECT_EQ(r->status, 404);
  r = post_run(server, {{"days", -3}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(nlohmann::json::parse(r->body)["field"], "run.days");
  EXPECT_EQ(c->Get("/api/scenarios/nowhere")->status, 404);
  EXPECT_EQ(c->Get("/no/such/page")->status, 404);
}

TEST(http_server, oversize_requests_are_refused) {
  RunningServer server;
  auto c = server.client();
  auto r = post_run(server, {{"days", 3650}, {"replications", 100}});
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("more than this server runs"), std::string::npos) << r->body;
  r = post_run(server, {{"replications", 1000}});
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(nlohmann::json::parse(r->body)["field"], "run.replications");
  r = c->Post("/api/run", std::string(100'000, ' '), "application/json");
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(server.status()["running"], 0);
}

// The answer a run request should get, computed without the server.
ScenarioOutcome direct(const std::vector<std::string>& overrides) {
  engine::ThreadScope scope(1);
  const std::atomic<bool> never{false};
  return run_scenario_outcome(scenario::load_scenario(kScenarios + "/baseline.toml", overrides), scope, never, [] {});
}

TEST(http_server, two_runs_at_once_both_complete_with_the_answers_of_a_direct_run) {
  RunningServer server;
  const nlohmann::json run_settings{{"days", 60}, {"replications", 3}, {"seed", 11}};
  auto request = [&](const nlohmann::json& changes) {
    auto body = run_settings;
    body["changes"] = changes;
    return body;
  };
  const auto a_changes = nlohmann::json{{"levers.seven_day_working", true}};
  const auto b_changes = nlohmann::json{{"services.p1_south.capacity", 90}, {"levers.trusted_assessor", true}};
  std::string a_body, b_body;
  std::thread a([&] { a_body = post_run(server, request(a_changes))->body; });
  std::thread b([&] { b_body = post_run(server, request(b_changes))->body; });
  a.join();
  b.join();

  const std::vector<std::string> settings{"run.days=60", "run.replications=3", "run.seed=11"};
  const auto unchanged = direct(settings);
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), settings.begin(), settings.end());
    return direct(extra);
  };
  const auto a_direct = with({"levers.seven_day_working=true"});
  const auto b_direct = with({"services.p1_south.capacity=90", "levers.trusted_assessor=true"});
  for (const auto& [body, want] : {std::pair{&a_body, &a_direct}, std::pair{&b_body, &b_direct}}) {
    const auto answer = last_line(*body);
    ASSERT_TRUE(answer.contains("result")) << *body;
    const auto& measures = answer["result"]["measures"];
    const auto expected = stats::compare_scenarios({unchanged.runs, want->runs});
    ASSERT_EQ(measures.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(measures[i]["name"], expected[i].name);
      EXPECT_EQ(measures[i]["changed"]["mean"].get<double>(), expected[i].scenarios[1]->mean) << expected[i].name;
      EXPECT_EQ(measures[i]["unchanged"]["mean"].get<double>(), expected[i].scenarios[0]->mean) << expected[i].name;
      EXPECT_EQ(measures[i]["difference"]["mean"].get<double>(), expected[i].differences[1]->interval.mean);
    }
    EXPECT_EQ(answer["result"]["changed"]["daily"]["nctr"].size(), 90U);  // 30 warm-up days and 60 measured
  }
  EXPECT_EQ(server.status()["running"], 0);
}

// One run at a time and no queue; days x replications unlimited.
ServeLimits one_at_a_time() {
  ServeLimits limits;
  limits.max_running = 1;
  limits.max_queued = 0;
  limits.max_replication_days = 1e9;
  return limits;
}

// Posts a run and reads its lines as they stream, hanging up when `keep_reading` says no.
void stream_run(const RunningServer& server, const nlohmann::json& body, const std::function<bool()>& keep_reading) {
  httplib::Request req;
  req.method = "POST";
  req.path = "/api/run";
  req.body = body.dump();
  req.set_header("Content-Type", "application/json");
  req.content_receiver = [&](const char*, std::size_t, std::uint64_t, std::uint64_t) { return keep_reading(); };
  server.client()->send(req);
}

// Ten years, ten replications: far longer than any test waits, even unsanitized.
const nlohmann::json kLongRun{{"days", 3650}, {"replications", 10}, {"changes", {{"levers.home_first", true}}}};

TEST(http_server, a_client_that_goes_away_stops_its_run_and_frees_its_place) {
  RunningServer server(one_at_a_time());
  std::atomic<bool> started{false};
  stream_run(server, kLongRun, [&] {
    started = true;
    return false;  // the first line arrived: hang up
  });
  ASSERT_TRUE(started.load());
  ASSERT_TRUE(settles(server));
  EXPECT_EQ(server.status()["stopped"], 1);
  // The place is free again: with no queue, a run is taken at once and completes.
  const auto r = post_run(server, {{"days", 20}, {"replications", 2}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(last_line(r->body).contains("result")) << r->body;
}

TEST(http_server, a_run_beyond_the_queue_is_refused_with_429) {
  RunningServer server(one_at_a_time());
  std::atomic<bool> first_running{false};
  std::atomic<bool> hang_up{false};
  std::thread first([&] {
    stream_run(server, kLongRun, [&] {
      first_running = true;
      return !hang_up.load();
    });
  });
  while (!first_running) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto r = post_run(server, {{"days", 20}, {"replications", 2}});
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "2");
  EXPECT_NE(r->body.find("the server is busy"), std::string::npos) << r->body;
  hang_up = true;
  first.join();
  EXPECT_TRUE(settles(server));
}

TEST(http_server, the_page_and_its_chart_library_are_served_from_the_binary) {
  RunningServer server;
  auto c = server.client();
  const auto page = c->Get("/");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<title>careflow"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  for (const char* file : {"/app.js", "/vendor/d3.min.js", "/vendor/plot.umd.min.js", "/style.css"}) {
    EXPECT_EQ(c->Get(file)->status, 200) << file;
  }
  const auto list = nlohmann::json::parse(c->Get("/api/scenarios")->body);
  EXPECT_EQ(list["scenarios"][0]["id"], "baseline");
  int care_systems = 0;
  for (const auto& s : list["scenarios"]) {
    EXPECT_NE(s["id"], "england") << "a run of several care systems is offered one care system at a time";
    if (s["group"] == "england") ++care_systems;
  }
  EXPECT_EQ(care_systems, 42);
  const auto baseline = nlohmann::json::parse(c->Get("/api/scenarios/baseline")->body);
  EXPECT_EQ(baseline["fields"][0]["key"], "acute.beds");
  EXPECT_EQ(baseline["fields"][0]["value"], 1750);
}

TEST(http_server, the_changed_scenario_downloads_as_toml_that_loads_to_the_same_scenario) {
  RunningServer server;
  auto c = server.client();
  const auto r = c->Get("/api/download/scenario.toml?scenario=baseline&days=90&services.p2_north.capacity=130"
                       "&levers.seven_day_working=true");
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Disposition").find("baseline-changed.toml"), std::string::npos);
  const auto s = scenario::load_scenario_text(r->body, "downloaded.toml");
  EXPECT_EQ(s.run.days, 90);
  EXPECT_TRUE(s.levers.seven_day_working);
  for (const auto& service : s.services) {
    if (service.name == "p2_north") {
      EXPECT_EQ(service.capacity, 130);
    }
  }
  EXPECT_EQ(c->Get("/api/download/scenario.toml?scenario=baseline&acute.beds=lots")->status, 400);
}

TEST(http_server, one_of_englands_care_systems_runs_on_its_own_with_its_own_capacities) {
  RunningServer server;
  auto c = server.client();
  const auto fields = nlohmann::json::parse(c->Get("/api/scenarios/england-QSL")->body)["fields"];
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[0]["key"], "systems.capacity.QSL.acute");
  double p2_north = -1;
  for (const auto& f : fields) {
    if (f["key"] == "systems.capacity.QSL.p2_north") p2_north = f["value"].get<double>();
  }
  ASSERT_GT(p2_north, 0) << "P2 beds in the north, scaled to the care system";
  const auto r = post_run(server, {{"scenario", "england-QSL"},
                                   {"days", 30},
                                   {"replications", 2},
                                   {"changes", {{"systems.capacity.QSL.p2_north", p2_north + 20}}}});
  const auto answer = last_line(r->body);
  ASSERT_TRUE(answer.contains("result")) << r->body;
  EXPECT_EQ(answer["result"]["changes_described"][0]["from"], fmt::format("{:g}", p2_north));
  EXPECT_EQ(post_run(server, {{"scenario", "england-QSL"}, {"changes", {{"services.p2_north.capacity", 1}}}})->status,
            400)
      << "the template's keys are not the care system's";
}

TEST(http_server, capacity_cut_below_the_starting_state_runs_and_says_what_moved) {
  RunningServer server;
  const auto r = post_run(server, {{"days", 30},
                                   {"replications", 2},
                                   {"changes", {{"services.p2_south.capacity", 60}, {"acute.beds", 1300}}}});
  ASSERT_EQ(r->status, 200) << r->body;
  const auto answer = last_line(r->body);
  ASSERT_TRUE(answer.contains("result")) << r->body;
  const auto& trimmed = answer["result"]["start_trimmed"];
  ASSERT_EQ(trimmed.size(), 2U) << trimmed.dump();
  EXPECT_EQ(trimmed[0], "services.p2_south.initially_occupied = 61, more than the 60 that fit: 1 moved to wait for "
                        "it in acute beds");
  EXPECT_NE(trimmed[1].get<std::string>().find("acute.initially_occupied = 1350"), std::string::npos);
}

}  // namespace
}  // namespace careflow::serve
