// The checks made before a request's body is read: methods by path, Host and Origin against the
// address served, and a body's stated length.

#include "serve/request_gate.hpp"

#include <gtest/gtest.h>

namespace careflow::serve {
namespace {

AccessRules loopback() {
  AccessRules r;
  r.host = "127.0.0.1";
  r.port = 8080;
  return r;
}

RequestHead get(std::string_view path, std::string_view host = "127.0.0.1:8080") {
  RequestHead h;
  h.method = "GET";
  h.path = path;
  h.host = host;
  return h;
}

int status(const AccessRules& rules, const RequestHead& head) {
  const auto refusal = refuse_request(rules, head);
  return refusal ? refusal->status : 200;
}

TEST(request_gate, a_loopback_server_answers_its_loopback_names_on_its_port_only) {
  const auto rules = loopback();
  EXPECT_EQ(status(rules, get("/api/status")), 200);
  EXPECT_EQ(status(rules, get("/api/status", "localhost:8080")), 200);
  EXPECT_EQ(status(rules, get("/api/status", "LOCALHOST:8080")), 200);
  EXPECT_EQ(status(rules, get("/api/status", "[::1]:8080")), 200);
  EXPECT_EQ(status(rules, get("/api/status", "127.0.0.1:8081")), 403);
  EXPECT_EQ(status(rules, get("/api/status", "127.0.0.1")), 403) << "no port is port 80";
  EXPECT_EQ(status(rules, get("/api/status", "attacker.example:8080")), 403) << "a DNS name rebound to 127.0.0.1";
  EXPECT_EQ(status(rules, get("/api/status", "127.0.0.1:80800")), 403);
  EXPECT_EQ(status(rules, get("/api/status", "127.0.0.1:8080\xff")), 403);
  EXPECT_EQ(status(rules, get("/api/status", "")), 400);
}

TEST(request_gate, a_server_on_every_address_answers_addresses_and_the_names_it_was_given) {
  auto rules = loopback();
  rules.host = "0.0.0.0";
  EXPECT_EQ(status(rules, get("/", "192.168.1.20:8080")), 200);
  EXPECT_EQ(status(rules, get("/", "[fe80::1]:8080")), 200);
  EXPECT_EQ(status(rules, get("/", "careflow.trust.example:8080")), 403);
  rules.allowed_hosts = {"careflow.trust.example"};
  EXPECT_EQ(status(rules, get("/", "Careflow.Trust.Example:8080")), 200);
}

TEST(request_gate, another_sites_page_is_refused_unless_its_origin_is_allowed) {
  auto rules = loopback();
  auto head = get("/api/status");
  head.origin = "http://127.0.0.1:8080";
  EXPECT_EQ(status(rules, head), 200) << "the page's own origin";
  head.origin = "http://localhost:8080";
  EXPECT_EQ(status(rules, head), 403) << "an origin other than the Host asked";
  head.origin = "https://evil.example";
  EXPECT_EQ(status(rules, head), 403);
  head.origin = "null";
  EXPECT_EQ(status(rules, head), 403);
  head.origin = "";
  head.fetch_site = "cross-site";  // a no-cors GET from another site's page carries no Origin
  EXPECT_EQ(status(rules, head), 403);
  head.fetch_site = "same-origin";
  EXPECT_EQ(status(rules, head), 200);
  rules.allowed_origins = {"https://dashboard.example"};
  head.origin = "https://dashboard.example";
  head.fetch_site = "cross-site";
  EXPECT_EQ(status(rules, head), 200);
  EXPECT_TRUE(origin_allowed(rules, "https://DASHBOARD.example"));
  EXPECT_FALSE(origin_allowed(rules, "https://dashboard.example.evil"));
}

TEST(request_gate, each_path_answers_its_methods_and_names_them) {
  const auto rules = loopback();
  auto head = get("/api/run");
  auto refusal = refuse_request(rules, head);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, 405);
  EXPECT_EQ(refusal->allow, "POST, OPTIONS");
  for (const char* method : {"PUT", "PATCH", "DELETE", "TRACE", "CONNECT"}) {
    head = get("/api/status");
    head.method = method;
    refusal = refuse_request(rules, head);
    ASSERT_TRUE(refusal) << method;
    EXPECT_EQ(refusal->status, 405) << method;
    EXPECT_EQ(refusal->allow, "GET, HEAD, OPTIONS");
  }
  head = get("/api/status");
  head.method = "OPTIONS";
  EXPECT_EQ(status(rules, head), 200);
}

TEST(request_gate, a_post_states_its_length_within_the_limit) {
  const auto rules = loopback();
  auto head = get("/api/run");
  head.method = "POST";
  EXPECT_EQ(status(rules, head), 411) << "no Content-Length: nothing to wait for";
  head.transfer_encoding = "chunked";
  head.content_length = "10";
  EXPECT_EQ(status(rules, head), 411);
  head.transfer_encoding = "";
  EXPECT_EQ(status(rules, head), 200);
  head.content_length = "0";
  EXPECT_EQ(status(rules, head), 200);
  const std::string too_long = std::to_string(kLargestBody + 1);  // outlives the view
  head.content_length = too_long;
  EXPECT_EQ(status(rules, head), 413);
  head.content_length = "99999999999999999999999";
  EXPECT_EQ(status(rules, head), 400);
  head.content_length = "-1";
  EXPECT_EQ(status(rules, head), 400);
  auto with_body = get("/api/status");
  with_body.content_length = "5";
  EXPECT_EQ(status(rules, with_body), 400) << "a GET has no body";
}

TEST(request_gate, utf8_is_told_from_other_bytes) {
  EXPECT_TRUE(is_utf8("plain"));
  EXPECT_TRUE(is_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8f\xa5"));
  EXPECT_FALSE(is_utf8("\xff"));
  EXPECT_FALSE(is_utf8("\xc3"));              // cut short
  EXPECT_FALSE(is_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(is_utf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(is_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_utf8("\xe2\x82"));
}

}  // namespace
}  // namespace careflow::serve
