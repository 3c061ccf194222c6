#include "scenario/care_network_dot.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <cstdio>
#include <sstream>

namespace careflow::scenario {
namespace {

struct Node {
  std::string label;
  bool exit = false;
};
struct Route {
  double per_day = 0;
};
using Network = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Node, Route>;

std::string number(double x, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, x);
  return text;
}

// DOT's quoted strings escape quotes and backslashes; a line break is written \n.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string unit_label(const UnitLoad& u, const std::string& detail) {
  return u.unit + (detail.empty() ? "" : " (" + detail + ")") + "\n" + number(u.capacity, 0) + " " + u.counted_in +
         ", utilisation " + number(u.utilisation(), 2);
}

}  // namespace

std::string care_network_dot(const Scenario& s, const std::vector<UnitLoad>& loads) {
  Network network;
  const auto acute = boost::add_vertex(Node{unit_label(loads.at(0), ""), false}, network);
  const auto home = boost::add_vertex(Node{"home", true}, network);
  std::array<Network::vertex_descriptor, kServiceOutcomes> exits{};
  exits[0] = home;
  constexpr std::array<const char*, kServiceOutcomes> kExitLabels{"home", "long-term care", "care home", "", "died"};
  for (std::size_t o = 1; o < kServiceOutcomes; ++o) {
    if (o == static_cast<std::size_t>(ServiceOutcome::readmission)) continue;  // back to the acute unit
    exits[o] = boost::add_vertex(Node{kExitLabels[o], true}, network);
  }
  double to_services = 0;
  const auto first_service = boost::num_vertices(network);
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    const auto& load = loads.at(1 + i);
    std::string detail = service.from_hospital ? kPathwayNames[static_cast<std::size_t>(service.pathway)] : "";
    if (service.locality) detail += (detail.empty() ? "" : ", ") + s.localities[*service.locality];
    boost::add_vertex(Node{unit_label(load, detail), false}, network);
  }
  const auto vertex_of = [&](std::size_t service) { return static_cast<Network::vertex_descriptor>(first_service + service); };
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    const auto& load = loads.at(1 + i);
    const auto v = vertex_of(i);
    double routed_in = 0;
    for (std::size_t j = 0; j < s.services.size(); ++j) {
      for (const auto& [to, share] : s.services[j].next) {
        if (to == i) routed_in += loads.at(1 + j).arrivals_per_day * share;
      }
    }
    const double from_acute = load.arrivals_per_day - routed_in;
    if (service.from_hospital && from_acute > 0) {
      boost::add_edge(acute, v, Route{from_acute}, network);
      to_services += from_acute;
    }
    for (const auto& [to, share] : service.next) {
      boost::add_edge(v, vertex_of(to), Route{load.arrivals_per_day * share}, network);
    }
    const double leaving = 1.0 - service.next_share();
    for (std::size_t o = 0; o < kServiceOutcomes; ++o) {
      if (service.outcomes[o] <= 0 || leaving <= 0) continue;
      const bool back = o == static_cast<std::size_t>(ServiceOutcome::readmission);
      boost::add_edge(v, back ? acute : exits[o], Route{load.arrivals_per_day * leaving * service.outcomes[o]}, network);
    }
  }
  boost::add_edge(acute, home, Route{std::max(0.0, loads[0].arrivals_per_day - to_services)}, network);

  // Written vertex by vertex and edge by edge (boost::write_graphviz's edge iterator trips GCC
  // 12's maybe-uninitialized warning).
  std::ostringstream out;
  out << "digraph G {\nlabel=" << quoted(s.name + ": routes in patients a day (traffic equations)") << ";\n"
      << "rankdir=LR;\n";
  for (auto [v, end] = boost::vertices(network); v != end; ++v) {
    const auto& node = network[*v];
    out << *v << "[label=" << quoted(node.label) << (node.exit ? ", shape=ellipse" : ", shape=box") << "];\n";
  }
  for (auto [v, end] = boost::vertices(network); v != end; ++v) {
    for (auto [e, last] = boost::out_edges(*v, network); e != last; ++e) {
      out << boost::source(*e, network) << "->" << boost::target(*e, network)
          << " [label=" << quoted(number(network[*e].per_day, 2) + "/day") << "];\n";
    }
  }
  out << "}\n";
  return out.str();
}

}  // namespace careflow::scenario
