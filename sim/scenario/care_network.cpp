#include "scenario/care_network.hpp"

#include <Eigen/Dense>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include "scenario/scenario_error.hpp"

namespace careflow::scenario {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

}  // namespace

std::vector<UnitLoad> offered_loads(const Scenario& s) {
  // Vertices: 0 the acute unit, 1..S the services, S + 1 the exit (home).
  const std::size_t units = 1 + s.services.size();
  const std::size_t exit = units;
  Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(units),
                                                  static_cast<Eigen::Index>(units));
  Eigen::VectorXd external = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(units));
  Graph graph(units + 1);

  double acute_arrivals = 0, acute_stay_area = 0;
  for (const auto& g : s.groups) {
    double frailty_factor = 0;  // the mean stay multiplier of the group's frailty mix
    for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
      frailty_factor += g.frailty_shares[f] * s.frailty.stay_multiplier[f];
    }
    acute_arrivals += g.admissions_per_day;
    acute_stay_area += g.admissions_per_day * g.stay.mean * frailty_factor;
  }
  external(0) = acute_arrivals;
  double to_exit = 0;
  for (const auto& g : s.groups) {
    if (g.admissions_per_day == 0) continue;
    const double weight = g.admissions_per_day / acute_arrivals;
    to_exit += weight * g.pathway_shares[0];
    for (std::size_t p = 1; p < kPathways; ++p) {
      for (std::size_t l = 0; l < s.localities.size(); ++l) {
        const double share = weight * g.pathway_shares[p] * g.locality_shares[l];
        if (share == 0) continue;
        const std::size_t service = s.service_for(static_cast<Pathway>(p), l);
        routing(0, static_cast<Eigen::Index>(service + 1)) += share;
      }
    }
  }
  if (to_exit > 0 || acute_arrivals == 0) boost::add_edge(0, exit, graph);
  for (std::size_t v = 1; v < units; ++v) {
    if (routing(0, static_cast<Eigen::Index>(v)) > 0) boost::add_edge(0, v, graph);
    boost::add_edge(v, exit, graph);  // every service ends at home (for now)
  }

  // Every unit must reach the exit: search backwards from it.
  std::vector<boost::default_color_type> colour(units + 1, boost::white_color);
  const auto reversed = boost::make_reverse_graph(graph);
  boost::breadth_first_search(
      reversed, exit,
      boost::color_map(boost::make_iterator_property_map(colour.begin(),
                                                         boost::get(boost::vertex_index, reversed))));
  for (std::size_t v = 0; v < units; ++v) {
    if (colour[v] == boost::white_color) {
      const std::string name = v == 0 ? "acute" : "services." + s.services[v - 1].name;
      throw ScenarioError(s.file, 0, name, "no patient can leave this unit");
    }
  }

  // lambda = gamma + P^T lambda
  const Eigen::MatrixXd system =
      Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(units), static_cast<Eigen::Index>(units)) -
      routing.transpose();
  const Eigen::VectorXd arrivals = system.fullPivLu().solve(external);

  std::vector<UnitLoad> loads;
  loads.push_back({"acute", arrivals(0), acute_arrivals > 0 ? acute_stay_area / acute_arrivals : 0.0,
                   acute_stay_area, static_cast<double>(s.acute.beds)});
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const double rate = arrivals(static_cast<Eigen::Index>(i + 1));
    const auto& service = s.services[i];
    loads.push_back({service.name, rate, service.stay.mean, rate * service.stay.mean,
                     static_cast<double>(service.capacity)});
  }
  return loads;
}

}  // namespace careflow::scenario
