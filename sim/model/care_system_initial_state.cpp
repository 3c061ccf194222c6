// The state a run starts from: patients already in acute beds, in services and waiting for them.

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <limits>
#include <stdexcept>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"
#include "model/duration_sampler.hpp"
#include "stats/summary.hpp"

namespace careflow::model {

using namespace care_system_detail;

// Acute unit k's patients already in treatment: each of a group admitted there, drawn by the
// groups' admission rates, part way through a stay.
void CareSystem::fill_acute_unit(std::size_t k, engine::LpContext& context) {
  engine::RandomStream& initial = initial_stream_;
  std::vector<double> group_rates;
  std::size_t groups_here = 0;
  for (const auto& g : scenario_.groups) {
    group_rates.push_back(g.acute_unit == k ? g.admissions_per_day : 0.0);
    groups_here += g.acute_unit == k ? 1 : 0;
  }
  double total = 0;
  for (double r : group_rates) total += r;
  for (std::size_t g = 0; g < group_rates.size(); ++g) {
    const bool here = scenario_.groups[g].acute_unit == k;
    group_rates[g] = total > 0 ? group_rates[g] / total : (here ? 1.0 / static_cast<double>(groups_here) : 0.0);
  }
  const auto& unit = scenario_.acute_units[k];
  for (int i = 0; i < unit.initially_occupied + unit.initially_queued; ++i) {
    const auto g = draw_index(group_rates.data(), group_rates.size(), initial);
    const auto locality = draw_index(scenario_.groups[g].locality_shares.data(),
                                     scenario_.groups[g].locality_shares.size(), initial);
    const auto pathway = draw_index(scenario_.groups[g].pathway_shares.data(),
                                    scenario_.groups[g].pathway_shares.size(), initial);
    const PatientId p = patients_.add(static_cast<std::uint16_t>(g), static_cast<std::uint16_t>(locality),
                                      static_cast<std::uint8_t>(pathway), 0);
    if (population_) {
      // A resident admitted here, with their own group and its pathway mix.
      attach_initial_resident(p, k, std::nullopt);
      const auto& mix = scenario_.groups[patients_.group[p]].pathway_shares;
      patients_.pathway[p] = static_cast<std::uint8_t>(draw_index(mix.data(), mix.size(), initial));
    }
    if (i >= unit.initially_occupied) {
      // Beyond the beds (a capacity cut below the starting state): waiting for admission.
      patients_.place[p] = Outcome::waiting_admission;
      acute_[k].admission_queue.push(p);
      continue;
    }
    const auto& group = scenario_.groups[patients_.group[p]];
    ++acute_[k].beds_in_use;
    patients_.place[p] = Outcome::in_acute;
    patients_.admitted[p] = 0;
    const Tick remaining =
        engine::ticks_from_days(initial.uniform01() * sample_length_biased_days(group.stay, acute_stay_stream_));
    patients_.ready[p] = remaining;
    context.schedule_at(remaining, kReady, p, kProcessPriority);
  }
}

// People already in the system at the start: in treatment, in services, and medically ready
// in acute beds waiting for a service. Their remaining times are a uniform fraction of a stay.
void CareSystem::set_up_initial_state(engine::LpContext& context) {
  engine::RandomStream& initial = initial_stream_;
  for (std::size_t k = 0; k < scenario_.acute_units.size(); ++k) fill_acute_unit(k, context);
  for (std::size_t s = 0; s < scenario_.services.size(); ++s) {
    const auto& spec = scenario_.services[s];
    const auto locality = static_cast<std::uint16_t>(spec.locality.value_or(0));
    const auto pathway = static_cast<std::uint8_t>(spec.pathway);
    for (int i = 0; i < spec.initially_occupied; ++i) {
      const PatientId p = patients_.add(0, locality, pathway, 0);
      attach_initial_resident(p, std::nullopt, spec.locality);
      patients_.place[p] = Outcome::in_community;
      patients_.service[p] = static_cast<std::int16_t>(s);
      patients_.left_acute[p] = 0;  // counted as starting the service now
      patients_.service_start[p] = 0;
      if (services_[s].counts == ServiceState::Counts::hours) {
        // Packages drawn as for anyone, cut to the hours still free: the start never overfills.
        draw_package(p, s);
        const double free_hours = std::max(0.0, services_[s].capacity - services_[s].load_committed);
        patients_.package_hours[p] = std::min(patients_.package_hours[p], static_cast<float>(free_hours));
      }
      commit_place(s, p);
      ++services_[s].occupied;
      const Tick stay = engine::ticks_from_days(initial.uniform01() *
                                                sample_length_biased_days(spec.stay, service_stay_stream_));
      context.schedule_at(stay, kServiceEnd, p, kFreePriority);
      start_visits(p, s, stay, context);
    }
    for (int i = 0; i < spec.initially_waiting; ++i) {
      const PatientId p = patients_.add(0, locality, pathway, 0);
      attach_initial_resident(p, std::nullopt, spec.locality);
      patients_.place[p] = Outcome::in_acute;
      patients_.admitted[p] = 0;
      patients_.ready[p] = 0;
      patients_.ready_flag[p] = 1;
      patients_.prepared_flag[p] = 1;
      ++acute_[acute_of(p)].beds_in_use;
      ++ready_in_acute_;
      seek_place(p, context);
    }
  }
}

}  // namespace careflow::model
