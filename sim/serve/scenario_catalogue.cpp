#include "serve/scenario_catalogue.hpp"

#include <algorithm>
#include <fmt/core.h>

#include "scenario/parameters.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::serve {
namespace fs = std::filesystem;

ScenarioCatalogue::ScenarioCatalogue(const fs::path& directory) {
  if (!fs::is_directory(directory)) {
    throw std::invalid_argument("no scenario directory at " + directory.string());
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    const bool a_first = a.stem() == "baseline", b_first = b.stem() == "baseline";
    if (a_first != b_first) return a_first;
    return a.stem() < b.stem();
  });
  // Each file loaded once; the care systems of a run of several follow the scenario files.
  std::vector<std::pair<fs::path, scenario::Scenario>> several;
  for (const auto& file : files) {
    try {
      auto s = scenario::load_scenario(file.string());
      if (!s.systems.empty()) {
        several.emplace_back(file, std::move(s));
        continue;
      }
      entries_.push_back({file.stem().string(), file.string(), s.name, s.description, "", {}});
    } catch (const std::exception& e) {
      skipped_.push_back(file.stem().string() + ": " + e.what());
    }
  }
  for (const auto& [file, whole] : several) add_each_care_system(file, whole);
  if (entries_.empty()) throw std::invalid_argument("no scenario of one care system in " + directory.string());
}

// Each care system of a run of several, run alone: with no neighbours, no patient crosses, and
// its own beds per admission set its acute stays (in the whole run, its region's do).
void ScenarioCatalogue::add_each_care_system(const fs::path& file, const scenario::Scenario& whole) {
  for (const auto& system : whole.systems) {
    CatalogueEntry e;
    e.id = file.stem().string() + "-" + system.code;
    e.file = file.string();
    e.name = fmt::format("{} ({})", system.description, system.code);
    e.description = fmt::format("{} ({}), {}: one of {}'s care systems, run on its own", system.description,
                                system.code, system.region, whole.name);
    e.group = whole.name;
    e.base_overrides = {"systems.only=[\"" + system.code + "\"]", "crossings.share=0",
                        "crossings.toward_spare_beds=false", "crossings.mutual_aid=false",
                        fmt::format("run.replications={}", std::max(whole.run.replications, 10))};
    entries_.push_back(std::move(e));
  }
}

const CatalogueEntry* ScenarioCatalogue::find(std::string_view id) const {
  for (const auto& e : entries_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

namespace {

constexpr double kMaxCapacity = 10'000'000;  // the loader's own bound on a capacity

std::string meaning_of(std::string_view key) {
  for (const auto& doc : scenario::parameter_docs()) {
    if (key == doc.key) return doc.meaning;
  }
  return "";
}

std::string locality_of(const scenario::Scenario& s, const scenario::Service& service) {
  return service.locality ? s.localities.at(*service.locality) : "every locality";
}

EditableField service_capacity(const scenario::Scenario& s, const scenario::Service& service) {
  std::string what, unit;
  if (service.package_hours) {
    what = "Care package hours a week";
    unit = "hours a week";
  } else if (!service.visits_per_day.empty()) {
    what = "P1 care visits a day";
    unit = "visits a day";
  } else if (!service.from_hospital) {
    what = "Places";
    unit = "people";
  } else if (service.pathway == scenario::Pathway::P1) {
    what = "P1 people supported at home";
    unit = "people";
  } else {
    what = std::string(scenario::kPathwayNames[static_cast<std::size_t>(service.pathway)]) +
           (service.pathway == scenario::Pathway::P2 ? " rehabilitation beds" : " care home beds");
    unit = "beds";
  }
  EditableField f;
  f.key = "services." + service.name + ".capacity";
  f.label = fmt::format("{}, {} ({})", what, locality_of(s, service), service.name);
  f.kind = "count";
  f.unit = unit;
  f.group = "capacity";
  f.meaning = meaning_of("services.<name>.capacity");
  f.value = service.capacity;
  f.max = kMaxCapacity;
  return f;
}

EditableField lever_switch(const char* name, const char* label, bool on) {
  EditableField f;
  f.key = std::string("levers.") + name;
  f.label = label;
  f.kind = "switch";
  f.group = "levers";
  f.meaning = meaning_of(f.key);
  f.value = on ? 1 : 0;
  f.max = 1;
  return f;
}

EditableField lever_tuning(const char* name, const char* label, double value, const char* unit, double max,
                           const char* tunes) {
  EditableField f;
  f.key = std::string("levers.") + name;
  f.label = label;
  f.kind = "number";
  f.unit = unit;
  f.group = "levers";
  f.meaning = meaning_of(f.key);
  f.value = value;
  f.max = max;
  f.depends_on = std::string("levers.") + tunes;
  return f;
}

}  // namespace

std::vector<EditableField> editable_fields(const scenario::Scenario& whole) {
  if (whole.systems.size() > 1) return {};  // the page runs one care system
  // One care system of several: its own (scaled) capacities, set through systems.capacity.
  const bool of_several = whole.systems.size() == 1;
  const auto& s = of_several ? whole.systems.front() : whole;
  std::vector<EditableField> fields;
  const bool one_unit = s.acute_units.size() == 1 && s.acute_units.front().name == "acute";
  for (const auto& unit : s.acute_units) {
    EditableField f;
    f.key = of_several ? "systems.capacity." + s.code + "." + unit.name
                       : one_unit ? "acute.beds" : "acute." + unit.name + ".beds";
    f.label = one_unit ? "Acute beds" : "Acute beds, " + unit.name;
    f.kind = "count";
    f.unit = "beds";
    f.group = "capacity";
    f.meaning = meaning_of("acute.beds");
    f.value = unit.beds;
    f.max = kMaxCapacity;
    fields.push_back(std::move(f));
  }
  for (const auto& service : s.services) {
    fields.push_back(service_capacity(s, service));
    if (of_several) fields.back().key = "systems.capacity." + s.code + "." + service.name;
  }

  const auto& l = whole.levers;
  fields.push_back(lever_switch("planning_start", "Plan discharge from admission", l.planning_start));
  fields.push_back(lever_tuning("edd_set_after_days", "Expected discharge date set after", l.edd_set_after_days,
                                "days", 365, "planning_start"));
  fields.push_back(lever_tuning("edd_error_sd_days", "Error of the expected date (SD)", l.edd_error_sd_days, "days",
                                365, "planning_start"));
  fields.push_back(lever_switch("capacity_reservation", "Reserve a community place ahead", l.capacity_reservation));
  fields.push_back(lever_tuning("reserve_days_ahead", "Reserve this long before the expected date",
                                l.reserve_days_ahead, "days", 365, "capacity_reservation"));
  fields.push_back(lever_switch("discharge_to_assess", "Discharge to assess", l.discharge_to_assess));
  fields.push_back(lever_switch("trusted_assessor", "Trusted assessor", l.trusted_assessor));
  fields.push_back(lever_switch("seven_day_working", "Seven-day working", l.seven_day_working));
  fields.push_back(lever_switch("home_first", "Home first", l.home_first));
  fields.push_back(lever_tuning("home_first_share", "Share of P2/P3 decisions moved to P1", l.home_first_share,
                                "share", 1, "home_first"));
  fields.push_back(lever_switch("transfer_of_care_hub", "Transfer of care hub", l.transfer_of_care_hub));
  return fields;
}

const EditableField* find_field(const std::vector<EditableField>& fields, std::string_view key) {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

}  // namespace careflow::serve
