#pragma once
// What the page may offer: the bundled scenarios a server was started with (each a file of one
// care system), and for one loaded scenario the fields a request may change (acute beds, each
// community service's capacity, each lever and its tuning). A request names a scenario by its id
// and changes only these fields, so no request reaches a file or a key of its choosing.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.hpp"

namespace careflow::serve {

struct CatalogueEntry {
  std::string id;    ///< the file's stem ("baseline"), or for a care system of a run of several, stem-code
  std::string file;  ///< where it is read from
  std::string name, description;
  std::string group;  ///< "" for a scenario file; a run of several care systems: its name ("england")
  /// Applied before a request's own: for one care system of a run of several, the keys that
  /// make it a run of that care system alone.
  std::vector<std::string> base_overrides;
};

/// One field a request may change, with its value in the scenario as bundled.
struct EditableField {
  std::string key;    ///< scenario key, as --set takes it: "services.p2_north.capacity"
  std::string label;  ///< for a person: "P2 beds, north (p2_north)"
  std::string kind;   ///< "count" (a whole number), "number" or "switch"
  std::string unit;   ///< "beds", "people", "hours a week", "days", "share", ""
  std::string group;  ///< "capacity" or "levers"
  std::string meaning;
  double value = 0;   ///< a switch: 0 or 1
  double min = 0, max = 0;
  std::string depends_on;  ///< a lever's tuning: the switch it tunes ("levers.planning_start")
};

class ScenarioCatalogue {
 public:
  /// Every scenarios/*.toml of one care system that loads, "baseline" first and the rest by id;
  /// then each care system of every file of several (England's 42), each to be run on its own.
  /// Files that do not load are left out (listed in `skipped`, with why).
  explicit ScenarioCatalogue(const std::filesystem::path& directory);

  const std::vector<CatalogueEntry>& entries() const { return entries_; }
  const CatalogueEntry* find(std::string_view id) const;
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  void add_each_care_system(const std::filesystem::path& file, const scenario::Scenario& whole);
  std::vector<CatalogueEntry> entries_;
  std::vector<std::string> skipped_;
};

/// The fields of `s` a request may change: capacities first, then levers. For a run of one
/// care system of several, its capacities as systems.capacity.<code>.<unit>.
std::vector<EditableField> editable_fields(const scenario::Scenario& s);

/// The field named `key` among `fields`, if any.
const EditableField* find_field(const std::vector<EditableField>& fields, std::string_view key);

}  // namespace careflow::serve
