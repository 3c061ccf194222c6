#include "scenario/care_network_dot.hpp"

#include <cstdio>
#include <sstream>

namespace careflow::scenario {
namespace {

struct Node {
  std::string label;
  bool exit = false;
};
struct Route {
  std::size_t from = 0, to = 0;
  double per_day = 0;
};
// Nodes and routes in the order they are added, so that the file reads acute first, then the
// exits, then each service with its routes.
struct Network {
  std::vector<Node> nodes;
  std::vector<Route> routes;
  std::size_t add(Node node) {
    nodes.push_back(std::move(node));
    return nodes.size() - 1;
  }
  void link(std::size_t from, std::size_t to, double per_day) { routes.push_back({from, to, per_day}); }
};

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
  const auto acute = network.add(Node{unit_label(loads.at(0), ""), false});
  const auto home = network.add(Node{"home", true});
  std::array<std::size_t, kServiceOutcomes> exits{};
  exits[0] = home;
  constexpr std::array<const char*, kServiceOutcomes> kExitLabels{"home", "long-term care", "care home", "", "died"};
  for (std::size_t o = 1; o < kServiceOutcomes; ++o) {
    if (o == static_cast<std::size_t>(ServiceOutcome::readmission)) continue;  // back to the acute unit
    exits[o] = network.add(Node{kExitLabels[o], true});
  }
  double to_services = 0;
  const auto first_service = network.nodes.size();
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    const auto& load = loads.at(1 + i);
    std::string detail = service.from_hospital ? kPathwayNames[static_cast<std::size_t>(service.pathway)] : "";
    if (service.locality) detail += (detail.empty() ? "" : ", ") + s.localities[*service.locality];
    network.add(Node{unit_label(load, detail), false});
  }
  const auto vertex_of = [&](std::size_t service) { return first_service + service; };
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const auto& service = s.services[i];
    const auto& load = loads.at(1 + i);
    const auto v = vertex_of(i);
    double routed_in = 0;
    for (std::size_t j = 0; j < s.services.size(); ++j) {
      for (const auto& [to, per_day] : loads.at(1 + j).moves_per_day) {
        if (to == i) routed_in += per_day;
      }
    }
    const double from_acute = load.arrivals_per_day - routed_in - service.step_up_per_day;
    if (service.from_hospital && from_acute > 0) {
      network.link(acute, v, from_acute);
      to_services += from_acute;
    }
    for (const auto& [to, per_day] : load.moves_per_day) network.link(v, vertex_of(to), per_day);
    for (std::size_t o = 0; o < kServiceOutcomes; ++o) {
      if (load.leaves_per_day[o] <= 0) continue;
      const bool back = o == static_cast<std::size_t>(ServiceOutcome::readmission);
      network.link(v, back ? acute : exits[o], load.leaves_per_day[o]);
    }
  }
  network.link(acute, home, std::max(0.0, loads[0].arrivals_per_day - to_services));
  // Step-up referrals come from home, not from the acute unit: a source of their own, last, so
  // that the other vertices keep their numbers.
  std::size_t from_home = 0;
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    if (s.services[i].step_up_per_day <= 0) continue;
    if (from_home == 0) from_home = network.add(Node{"referred from home (step-up)", true});
    network.link(from_home, vertex_of(i), s.services[i].step_up_per_day);
  }

  std::ostringstream out;
  out << "digraph G {\nlabel=" << quoted(s.name + ": routes in patients a day (traffic equations)") << ";\n"
      << "rankdir=LR;\n";
  for (std::size_t v = 0; v < network.nodes.size(); ++v) {
    const auto& node = network.nodes[v];
    out << v << "[label=" << quoted(node.label) << (node.exit ? ", shape=ellipse" : ", shape=box") << "];\n";
  }
  for (const auto& route : network.routes) {
    out << route.from << "->" << route.to << " [label=" << quoted(number(route.per_day, 2) + "/day") << "];\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace careflow::scenario
