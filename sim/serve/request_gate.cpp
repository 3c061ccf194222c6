#include "serve/request_gate.hpp"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace careflow::serve {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A Host header or an origin's authority: a name or address and a port (80 when none).
struct Authority {
  std::string name;  ///< lower case, an IPv6 address without its brackets
  int port = 80;
};

std::optional<Authority> parse_authority(std::string_view text) {
  Authority a;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    a.name = lower(text.substr(1, close - 1));
    rest = text.substr(close + 1);
  } else {
    const auto colon = text.find(':');
    a.name = lower(text.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
  }
  if (a.name.empty()) return std::nullopt;
  if (!rest.empty()) {
    if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6) return std::nullopt;
    int port = 0;
    for (const char c : rest.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
      port = port * 10 + (c - '0');
    }
    a.port = port;
  }
  for (const char c : a.name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '.' || c == '-' || c == ':' || c == '_')) return std::nullopt;
  }
  return a;
}

bool is_ip_address(const std::string& name) {
  unsigned char bytes[16];
  return inet_pton(AF_INET, name.c_str(), bytes) == 1 || inet_pton(AF_INET6, name.c_str(), bytes) == 1;
}

bool is_loopback(const std::string& name) {
  unsigned char bytes[4];
  if (inet_pton(AF_INET, name.c_str(), bytes) == 1) return bytes[0] == 127;
  return name == "localhost" || name == "::1";
}

bool is_wildcard(const std::string& name) { return name.empty() || name == "0.0.0.0" || name == "::"; }

// A Host (or an origin's) name under which this server may be asked.
bool name_served(const AccessRules& rules, const std::string& name) {
  for (const auto& h : rules.allowed_hosts) {
    if (lower(h) == name) return true;
  }
  std::string bound = lower(rules.host);
  if (bound.size() > 1 && bound.front() == '[' && bound.back() == ']') bound = bound.substr(1, bound.size() - 2);
  if (is_wildcard(bound)) return is_ip_address(name) || name == "localhost";
  if (is_loopback(bound) && is_loopback(name)) return true;
  return name == bound;
}

std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 100)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

std::optional<Refusal> refuse_origin(const AccessRules& rules, const RequestHead& r, const Authority& host) {
  if (!r.origin.empty() && origin_allowed(rules, r.origin)) return std::nullopt;
  const auto cross = [&](std::string_view why) {
    return Refusal{403,
                   fmt::format("{}: this server answers its own page only (careflow serve --allow-origin names "
                               "others)",
                               why),
                   ""};
  };
  if (!r.origin.empty()) {
    constexpr std::string_view scheme = "http://";
    const std::string origin = lower(r.origin);
    if (origin.compare(0, scheme.size(), scheme) != 0) return cross("a request from " + printable(r.origin));
    const auto authority = parse_authority(std::string_view(origin).substr(scheme.size()));
    if (!authority || authority->name != host.name || authority->port != host.port) {
      return cross("a request from " + printable(r.origin));
    }
  }
  if (r.fetch_site == "cross-site" || r.fetch_site == "same-site") return cross("a request from another site");
  return std::nullopt;
}

std::optional<Refusal> refuse_body(const RequestHead& r) {
  const bool has_body = !r.transfer_encoding.empty() || (r.content_length && *r.content_length != "0");
  if (r.method != "POST") {
    if (has_body) return Refusal{400, fmt::format("a {} request has no body", printable(r.method)), ""};
    return std::nullopt;
  }
  if (!r.transfer_encoding.empty() || !r.content_length) {
    return Refusal{411, "a request's body needs a Content-Length (and no Transfer-Encoding)", ""};
  }
  const auto& length = *r.content_length;
  if (length.empty() || length.size() > 18 ||
      !std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Refusal{400, "Content-Length is not a number", ""};
  }
  if (std::stoull(std::string(length)) > kLargestBody) {
    return Refusal{413, fmt::format("the request is larger than this server takes ({} KiB)", kLargestBody / 1024),
                   ""};
  }
  return std::nullopt;
}

}  // namespace

std::string allowed_methods(std::string_view path) {
  return path == "/api/run" ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
}

bool origin_allowed(const AccessRules& rules, std::string_view origin) {
  const std::string o = lower(origin);
  return std::any_of(rules.allowed_origins.begin(), rules.allowed_origins.end(),
                     [&](const std::string& allowed) { return lower(allowed) == o; });
}

std::optional<Refusal> refuse_request(const AccessRules& rules, const RequestHead& r) {
  if (r.host.empty()) return Refusal{400, "the request has no Host header", ""};
  const auto host = parse_authority(r.host);
  if (!host || !name_served(rules, host->name) || host->port != rules.port) {
    return Refusal{403,
                   fmt::format("Host {} is not this server's address (careflow serve --allow-host names others)",
                               printable(r.host)),
                   ""};
  }
  if (auto refused = refuse_origin(rules, r, *host)) return refused;
  const std::string allow = allowed_methods(r.path);
  const bool allowed = r.method == "OPTIONS" || (r.path == "/api/run" ? r.method == "POST"
                                                                       : r.method == "GET" || r.method == "HEAD");
  if (!allowed) {
    return Refusal{405, fmt::format("{} answers {}, not {}", printable(r.path), allow, printable(r.method)), allow};
  }
  return refuse_body(r);
}

bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    int follow = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      follow = 1;
      code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      follow = 2;
      code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      follow = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + follow >= text.size()) return false;  // cut short
    for (int k = 1; k <= follow; ++k) {
      const auto f = static_cast<unsigned char>(text[i + k]);
      if ((f & 0xC0) != 0x80) return false;
      code = (code << 6) | (f & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((follow == 2 && code < 0x800) || (follow == 3 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += follow + 1;
  }
  return true;
}

}  // namespace careflow::serve
