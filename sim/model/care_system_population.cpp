// A care system whose admissions come from its residents ([population]): which group a resident
// joins when admitted, residents for the people already in care at the start, the calibration of
// the admission hazards, and the resident's return home (or death) when an episode of care ends.

#include <stdexcept>
#include <string>

#include "model/care_system.hpp"
#include "model/care_system_internals.hpp"

namespace careflow::model {

using namespace care_system_detail;

void CareSystem::set_up_population(std::uint64_t replication, std::uint32_t stream_lp) {
  const auto& spec = *scenario_.population;
  population_.emplace(spec, scenario_.arrivals,
                      engine::StreamId{.seed = scenario_.run.seed, .replication = replication, .lp = stream_lp},
                      kPopulationStreams, kFirstPopulationKind, scenario_.run.warmup_days + scenario_.run.days);
  // A resident may join any group whose ages and localities hold theirs, in proportion to the
  // groups' admissions there (the loader checks that every resident has one).
  resident_groups_.resize(scenario_.localities.size() * scenario::kAges);
  for (std::size_t l = 0; l < scenario_.localities.size(); ++l) {
    for (int age = 0; age <= scenario::kOldestAge; ++age) {
      auto& choices = resident_groups_[l * scenario::kAges + static_cast<std::size_t>(age)];
      double total = 0;
      for (std::size_t g = 0; g < scenario_.groups.size(); ++g) {
        const auto& group = scenario_.groups[g];
        if (age < group.min_age || age > group.max_age || group.locality_shares[l] <= 0) continue;
        // A group with no admissions of its own still takes residents (all with equal weight).
        const double weight = group.admissions_per_day > 0 ? group.admissions_per_day * group.locality_shares[l] : 1e-9;
        total += weight;
        choices.emplace_back(g, total);
      }
      for (auto& choice : choices) choice.second /= total;
    }
  }
}

std::size_t CareSystem::group_of_resident(PersonId person, engine::RandomStream& stream) const {
  const auto& choices =
      resident_groups_[population_->locality(person) * scenario::kAges + static_cast<std::size_t>(population_->age(person))];
  if (choices.size() == 1) return choices.front().first;
  const double u = stream.uniform01();
  for (const auto& [group, cumulative] : choices) {
    if (u < cumulative) return group;
  }
  return choices.back().first;
}

bool CareSystem::admit_resident(PersonId person, engine::LpContext& context) {
  const std::size_t group = group_of_resident(person, attribute_stream_);
  if (send_elsewhere(person, group, context)) return false;  // treated in another care system
  const auto& g = scenario_.groups[group];
  const auto pathway = draw_index(g.pathway_shares.data(), g.pathway_shares.size(), attribute_stream_);
  const PatientId patient =
      patients_.add(static_cast<std::uint16_t>(group), static_cast<std::uint16_t>(population_->locality(person)),
                    static_cast<std::uint8_t>(pathway), context.now());
  patients_.frailty[patient] = static_cast<std::uint8_t>(population_->frailty(person));
  patients_.person[patient] = person;
  request_bed(patient, context);
  return true;
}

void CareSystem::attach_initial_resident(PatientId patient, std::optional<std::size_t> acute_unit,
                                         std::optional<std::size_t> locality) {
  if (!population_) return;
  // The patient is a resident who could be here: drawn by admission rate among those who could.
  std::size_t group = 0;
  const PersonId person = population_->take_into_care_by_admission_rate([&](PersonId candidate) {
    if (locality && population_->locality(candidate) != *locality) return false;
    group = group_of_resident(candidate, initial_stream_);
    return !acute_unit || scenario_.groups[group].acute_unit == *acute_unit;
  });
  patients_.person[patient] = person;
  patients_.group[patient] = static_cast<std::uint16_t>(group);
  patients_.locality[patient] = static_cast<std::uint16_t>(population_->locality(person));
  patients_.frailty[patient] = static_cast<std::uint8_t>(population_->frailty(person));
}

void CareSystem::release_resident(PatientId patient, bool alive, engine::LpContext& context) {
  if (is_visitor(patient)) {  // their own care system keeps their history
    send_crossing(static_cast<engine::LpId>(patients_.elsewhere[patient] - 1),
                  engine::ticks_from_hours(scenario_.crossings.transfer_hours), kCrossHome,
                  std::uint64_t{patients_.remote_id[patient]} | (std::uint64_t{alive} << 63), context);
    return;
  }
  const PersonId person = patients_.person[patient];
  if (person == kNoPerson) return;
  if (alive) {
    population_->back_home(person, context);
  } else {
    population_->died_in_care(person);
  }
}

// The population's admissions a year include the care model's own readmissions and the extra
// ones after a discharge home: the cells' hazards make up the rest (the shares come with the
// scenario: scenario::admission_fates).
void CareSystem::calibrate_population() {
  const auto& spec = *scenario_.population;
  population_->calibrate(spec.readmitted_share, 1 - spec.readmitted_share - spec.died_share);
}

}  // namespace careflow::model
