#pragma once
// What a request must be before the server reads its body or routes it: a method the path
// answers (405 otherwise, with the methods it does), a Host naming the address served and an
// Origin that is the page's own or one the operator allowed (403 otherwise: another site's page,
// or a DNS name rebound to this machine, cannot start runs), and a body of a stated length
// within the limit (411, 413). No HTTP library in it, so it is tested on plain values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careflow::serve {

/// Who may ask: the address and port served, and what the operator allowed beyond them.
struct AccessRules {
  std::string host = "127.0.0.1";            ///< as bound: an address, "localhost", or 0.0.0.0 / :: for every one
  int port = 8080;
  std::vector<std::string> allowed_origins;  ///< e.g. "https://dashboard.example.org": may call the API
  std::vector<std::string> allowed_hosts;    ///< names the server is reached by beyond its addresses
};

/// The parts of a request the gate reads ("" for a header not sent).
struct RequestHead {
  std::string_view method, path;
  std::string_view host, origin, fetch_site;  ///< Host, Origin, Sec-Fetch-Site
  std::optional<std::string_view> content_length;
  std::string_view transfer_encoding;
};

struct Refusal {
  int status = 400;
  std::string message;
  std::string allow;  ///< the Allow header of a 405 ("" otherwise)
};

/// The largest request body read: a run request is a few hundred bytes.
constexpr std::size_t kLargestBody = 64 * 1024;

/// The methods `path` answers, as an Allow header: "POST, OPTIONS" for /api/run, "GET, HEAD,
/// OPTIONS" for everything else.
std::string allowed_methods(std::string_view path);

/// Why the request is refused, or nothing when it may go on.
std::optional<Refusal> refuse_request(const AccessRules& rules, const RequestHead& request);

/// True when `origin` is one the operator allowed (answers to it carry CORS headers).
bool origin_allowed(const AccessRules& rules, std::string_view origin);

/// True when `text` is well-formed UTF-8 (what a JSON answer may carry unchanged).
bool is_utf8(std::string_view text);

}  // namespace careflow::serve
