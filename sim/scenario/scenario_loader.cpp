#include "scenario/scenario_loader.hpp"
#include "scenario/start_trim.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "scenario/care_network.hpp"
#include "scenario/care_systems_reader.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/population_reader.hpp"
#include "scenario/shares_reader.hpp"
#include "scenario/table_reader.hpp"

namespace careflow::scenario {
namespace {

namespace fs = std::filesystem;

// Far above any care system (England has about 18,000 emergency admissions a day).
constexpr double kMaxAdmissionsPerDay = 100'000;
const Range kCost{0.0, 1e7, false, "pounds a day from 0 to 10 million"};

toml::table parse_text(const std::string& text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(name, static_cast<long>(e.source().begin.line), "",
                        "not valid TOML: " + std::string(e.description()));
  }
}

std::string read_file(const fs::path& path, const std::string& shown) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(shown, 0, "", "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Keys of `top` replace those of `base`; tables merge key by key. Nodes are moved, not copied,
// because toml++ keeps a node's file and line only when it moves.
void merge_into(toml::table& base, toml::table& top) {
  for (auto&& [key, node] : top) {
    auto* base_node = base.get(key);
    if (base_node && base_node->is_table() && node.is_table()) {
      merge_into(*base_node->as_table(), *node.as_table());
    } else {
      base.insert_or_assign(key, std::move(node));
    }
  }
}

toml::table resolve_extends(toml::table table, const fs::path& file, const std::string& shown,
                            std::set<fs::path>& chain) {
  const auto* extends = table.get("extends");
  if (!extends) return table;
  const long line = static_cast<long>(extends->source().begin.line);
  const auto* base_name = extends->as_string();
  if (!base_name) throw ScenarioError(shown, line, "extends", "must be a file name (text)");
  const fs::path base_path = file.parent_path() / base_name->get();
  const std::string base_shown = base_path.lexically_normal().string();
  if (!fs::exists(base_path)) {
    throw ScenarioError(shown, line, "extends", "no such file: " + base_shown);
  }
  const fs::path canonical = fs::canonical(base_path);
  if (!chain.insert(canonical).second) {
    throw ScenarioError(shown, line, "extends", "extends itself through " + base_shown);
  }
  toml::table base = resolve_extends(parse_text(read_file(base_path, base_shown), base_shown),
                                     base_path, base_shown, chain);
  table.erase("extends");
  merge_into(base, table);
  return base;
}

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void apply_override(toml::table& root, const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ScenarioError("--set", 0, assignment, "expected key.path=value");
  }
  const std::string key = assignment.substr(0, equals);
  const std::string value = assignment.substr(equals + 1);
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value, "--set " + key);
  } catch (const toml::parse_error&) {
    parsed = toml::parse("v = \"" + escaped(value) + "\"", "--set " + key);  // a bare word: text
  }
  toml::table* table = &root;
  std::string::size_type start = 0;
  for (;;) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? dot : dot - start);
    if (part.empty()) throw ScenarioError("--set", 0, key, "empty part in the key path");
    if (dot == std::string::npos) {
      table->insert_or_assign(part, std::move(*parsed.get("v")));
      return;
    }
    auto* next = table->get(part);
    if (!next) {
      table->insert_or_assign(part, toml::table{});
      next = table->get(part);
    }
    if (!next->is_table()) {
      throw ScenarioError("--set", 0, key, "'" + part + "' is a value, not a table");
    }
    table = next->as_table();
    start = dot + 1;
  }
}

Pathway pathway_named(const std::string& name, const TableReader& where, const char* key) {
  for (std::size_t p = 0; p < kPathways; ++p) {
    if (name == kPathwayNames[p]) return static_cast<Pathway>(p);
  }
  where.fail(key, "must be one of P0, P1, P2, P3, got \"" + name + "\"");
}

std::vector<CapacityChange> read_changes(TableReader& owner) {
  std::vector<CapacityChange> changes;
  auto list = owner.optional_table_list("changes");
  if (!list) return changes;
  for (auto& t : *list) {
    CapacityChange c;
    c.from_day = t.number("from_day", Range::days_or_zero());
    c.to_day = t.number("to_day", Range::days());
    if (!(c.to_day > c.from_day)) t.fail("to_day", "must come after from_day");
    c.capacity = static_cast<int>(t.integer("capacity", 0, 10'000'000));
    t.reject_unknown_keys();
    for (const auto& other : changes) {
      if (c.from_day < other.to_day && other.from_day < c.to_day) {
        t.fail("from_day", "overlaps another change of the same unit");
      }
    }
    changes.push_back(c);
  }
  return changes;
}

// brokerage_curve = [ {committed = 0.8, multiplier = 1}, {committed = 1, multiplier = 4} ]
std::vector<std::pair<double, double>> read_brokerage_curve(TableReader& owner) {
  std::vector<std::pair<double, double>> curve;
  auto list = owner.optional_table_list("brokerage_curve");
  if (!list) return curve;
  for (auto& t : *list) {
    const double committed = t.number("committed", Range::probability());
    const double multiplier = t.number("multiplier", Range::multiplier());
    t.reject_unknown_keys();
    if (!curve.empty() && committed <= curve.back().first) {
      t.fail("committed", "must rise from one point of the curve to the next");
    }
    curve.emplace_back(committed, multiplier);
  }
  if (curve.empty()) owner.fail("brokerage_curve", "needs at least one point");
  return curve;
}

// A profile of multipliers, scaled to mean 1 so that the daily rate keeps its meaning.
template <std::size_t N>
void read_profile(TableReader& t, const char* key, std::array<double, N>& profile) {
  auto values = t.optional_number_list(key, Range::multiplier());
  if (!values) return;
  if (values->size() != N) {
    t.fail(key, "needs " + std::to_string(N) + " values, has " + std::to_string(values->size()));
  }
  double sum = 0;
  for (double v : *values) sum += v;
  if (sum <= 0) t.fail(key, "needs at least one value above 0");
  for (std::size_t i = 0; i < N; ++i) profile[i] = (*values)[i] * static_cast<double>(N) / sum;
}

Scenario build(const toml::table& root, const std::string& file) {
  Scenario s;
  s.file = file;
  {
    std::ostringstream text;
    text << toml::toml_formatter(root);
    s.source_text = text.str();
  }
  TableReader top(root, "", file);
  top.optional_text("extends");  // already resolved

  auto meta = top.optional_table("scenario");
  s.name = fs::path(file).stem().string();
  if (meta) {
    s.name = meta->optional_text("name").value_or(s.name);
    s.description = meta->optional_text("description").value_or("");
    meta->reject_unknown_keys();
  }

  if (auto run = top.optional_table("run")) {
    s.run.days = run->number("days", Range::days(), 365.0);
    if (run->is_text("warmup_days")) {
      const auto text = *run->optional_text("warmup_days");
      if (text != "auto") {
        run->fail("warmup_days", "must be a number of days from 0 to 36525 or \"auto\", got \"" + text + "\"");
      }
      s.run.warmup_auto = true;
      s.run.warmup_days = 0;
    } else {
      s.run.warmup_days = run->number("warmup_days", Range::days_or_zero(), 30.0);
    }
    s.run.replications = static_cast<int>(run->integer("replications", 1, 1'000'000, 10));
    s.run.seed = static_cast<std::uint64_t>(
        run->integer("seed", 0, std::numeric_limits<std::int64_t>::max(), 1));
    run->reject_unknown_keys();
  }

  s.localities = top.optional_text_list("localities").value_or(std::vector<std::string>{"all"});
  if (s.localities.empty()) top.fail("localities", "must name at least one locality");
  {
    std::set<std::string> seen;
    for (const auto& l : s.localities) {
      if (!seen.insert(l).second) top.fail("localities", "\"" + l + "\" is listed twice");
    }
  }

  // One acute unit ([acute] with its beds) or several ([acute.<name>] tables, each with beds).
  auto acute = top.table("acute");
  std::vector<TableReader> acute_tables;
  bool one_unit = acute.keys().empty();
  for (const char* key : {"beds", "when_full", "changes", "initially_occupied"}) one_unit = one_unit || acute.has(key);
  if (one_unit) {
    acute_tables.push_back(acute);
  } else {
    for (const auto& name : acute.keys()) acute_tables.push_back(acute.table(name.c_str()));
  }
  for (std::size_t k = 0; k < acute_tables.size(); ++k) {
    auto& t = acute_tables[k];
    AcuteUnit unit;
    if (!one_unit) unit.name = acute.keys()[k];
    unit.beds = static_cast<int>(t.integer("beds", 0, 10'000'000));
    const std::string when_full = t.optional_text("when_full").value_or("queue");
    if (when_full != "queue" && when_full != "turn_away") {
      t.fail("when_full", "must be \"queue\" or \"turn_away\", got \"" + when_full + "\"");
    }
    unit.turn_away_when_full = when_full == "turn_away";
    unit.changes = read_changes(t);
    unit.initially_occupied = static_cast<int>(t.integer("initially_occupied", 0, 10'000'000, 0));
    t.reject_unknown_keys();
    s.acute_units.push_back(std::move(unit));
  }
  if (!one_unit) acute.reject_unknown_keys();

  if (auto a = top.optional_table("arrivals")) {
    read_profile(*a, "day_of_week", s.arrivals.day_of_week);
    read_profile(*a, "hour_of_day", s.arrivals.hour_of_day);
    read_profile(*a, "month", s.arrivals.month);
    if (auto surges = a->optional_table_list("surges")) {
      for (auto& t : *surges) {
        Surge surge;
        surge.from_day = t.number("from_day", Range::days_or_zero());
        surge.to_day = t.number("to_day", Range::days());
        if (!(surge.to_day > surge.from_day)) t.fail("to_day", "must come after from_day");
        surge.multiplier = t.number("multiplier", Range::multiplier());
        t.reject_unknown_keys();
        s.arrivals.surges.push_back(surge);
      }
    }
    a->reject_unknown_keys();
  }

  std::vector<TableReader> group_ages;  // groups that name their ages (only a population uses them)
  auto groups = top.table("groups");
  if (groups.keys().empty()) top.fail("groups", "define at least one patient group");
  const std::vector<std::string> pathway_names(kPathwayNames.begin(), kPathwayNames.end());
  for (const auto& name : groups.keys()) {
    auto g = groups.table(name.c_str());
    PatientGroup group;
    group.name = name;
    group.admissions_per_day =
        g.number("admissions_per_day", {0.0, kMaxAdmissionsPerDay, false, "admissions a day from 0 to 100000"});
    group.stay = read_distribution(g, "stay");
    const auto shares = read_shares(g, "pathway", pathway_names, "pathway", {1.0, 0.0, 0.0, 0.0});
    std::copy(shares.begin(), shares.end(), group.pathway_shares.begin());
    const std::vector<std::string> frailty_names(kFrailtyNames.begin(), kFrailtyNames.end());
    const auto frailty = read_shares(g, "frailty", frailty_names, "frailty level", {1.0, 0.0, 0.0});
    std::copy(frailty.begin(), frailty.end(), group.frailty_shares.begin());
    group.locality_shares =
        read_shares(g, "locality", s.localities, "locality",
                    std::vector<double>(s.localities.size(),
                                        1.0 / static_cast<double>(s.localities.size())));
    if (auto unit = g.optional_text("acute_unit")) {
      std::size_t k = 0;
      while (k < s.acute_units.size() && s.acute_units[k].name != *unit) ++k;
      if (k == s.acute_units.size()) {
        std::string known;
        for (const auto& a : s.acute_units) known += (known.empty() ? "\"" : ", \"") + a.name + "\"";
        g.fail("acute_unit", "no acute unit is called \"" + *unit + "\" (the units: " + known + ")");
      }
      group.acute_unit = k;
    }
    if (auto ages = g.optional_number_list("ages", {0.0, double(kOldestAge), false, "an age from 0 to 90"})) {
      if (ages->size() != 2 || !((*ages)[1] >= (*ages)[0]) || (*ages)[0] != std::floor((*ages)[0]) ||
          (*ages)[1] != std::floor((*ages)[1])) {
        g.fail("ages", "must be [youngest, oldest], two whole ages, the second no lower (90 means 90 or over)");
      }
      group.min_age = static_cast<int>((*ages)[0]);
      group.max_age = static_cast<int>((*ages)[1]);
      group_ages.push_back(g);
    }
    g.reject_unknown_keys();
    s.groups.push_back(std::move(group));
  }
  groups.reject_unknown_keys();

  if (auto population = top.optional_table("population")) {
    s.population = read_population(*population, s.localities);
    // Every resident who can be admitted needs a group: the one whose ages and localities hold theirs.
    for (std::size_t l = 0; l < s.localities.size(); ++l) {
      for (int age = 0; age <= kOldestAge; ++age) {
        const bool covered = std::any_of(s.groups.begin(), s.groups.end(), [&](const PatientGroup& g) {
          return g.locality_shares[l] > 0 && age >= g.min_age && age <= g.max_age;
        });
        if (!covered) {
          population->fail_table("residents of locality \"" + s.localities[l] + "\" aged " + std::to_string(age) +
                                 " belong to no patient group (give the groups ages and localities that cover everyone)");
        }
      }
    }
  } else if (!group_ages.empty()) {
    group_ages.front().fail("ages", "only applies with a [population] (admissions drawn from residents)");
  }

  std::map<std::pair<int, long>, std::string> service_keys;  // (pathway, locality or -1) -> name
  struct NextRoute {
    std::size_t from;
    std::string target;
    double share;
    TableReader table;
    long group = -1;  // a route of one group's (by_group), or the unit's own
  };
  std::vector<NextRoute> next_routes;
  // A group's own routes or outcomes at a unit: services.<unit>.by_group.<group>.
  struct GroupOverride {
    std::size_t service, group;
    bool has_next = false, has_outcomes = false;
    std::array<double, kServiceOutcomes> outcomes{};
    TableReader table;
  };
  std::vector<GroupOverride> group_overrides;
  auto services = top.optional_table("services");
  if (services) {
    for (const auto& name : services->keys()) {
      auto t = services->table(name.c_str());
      Service service;
      service.name = name;
      const std::string pathway = t.text("pathway");
      if (pathway == "none") {
        service.from_hospital = false;  // reached only through other units' `next`
      } else {
        service.pathway = pathway_named(pathway, t, "pathway");
      }
      if (service.from_hospital && service.pathway == Pathway::P0) {
        t.fail("pathway", "P0 (home, no new support) needs no service");
      }
      const std::string locality = t.optional_text("locality").value_or("all");
      if (locality != "all") {
        const auto found = std::find(s.localities.begin(), s.localities.end(), locality);
        if (found == s.localities.end()) {
          t.fail("locality", "unknown locality \"" + locality + "\"");
        }
        service.locality = static_cast<std::size_t>(found - s.localities.begin());
      }
      service.capacity = static_cast<int>(t.integer("capacity", 0, 10'000'000));
      service.stay = read_distribution(t, "stay");
      if (auto visits = t.optional_number_list("visits_per_day", {0.0, 100.0, true, "visits a day > 0 and at most 100"})) {
        if (service.pathway != Pathway::P1) {
          t.fail("visits_per_day", "only P1 (care at home) is counted in visits");
        }
        if (visits->empty()) t.fail("visits_per_day", "needs at least one week's visits");
        for (std::size_t w = 1; w < visits->size(); ++w) {
          if ((*visits)[w] > (*visits)[w - 1]) {
            t.fail("visits_per_day", "must taper: week " + std::to_string(w + 1) +
                                         " needs more visits than week " + std::to_string(w));
          }
        }
        service.visits_per_day = std::move(*visits);
        if (service.capacity > 0 && service.capacity < service.visits_per_day.front()) {
          t.fail("capacity", "is fewer visits a day than one new patient needs");
        }
      }
      if (t.has("package_hours")) {
        if (!service.visits_per_day.empty()) {
          t.fail("package_hours", "a unit counts care visits (visits_per_day) or care hours, not both");
        }
        service.package_hours = read_distribution(t, "package_hours");
        if (service.package_hours->mean > service.capacity && service.capacity > 0) {
          t.fail("package_hours", "the mean package is more hours a week than the whole capacity");
        }
      }
      service.brokerage_curve = read_brokerage_curve(t);
      service.assessment_days = t.number("assessment_days", Range::days_or_zero(), 0.0);
      service.step_up_per_day =
          t.number("step_up_per_day", {0.0, kMaxAdmissionsPerDay, false, "referrals a day from 0 to 100000"}, 0.0);
      const std::vector<std::string> outcome_names(kServiceOutcomeNames.begin(),
                                                   kServiceOutcomeNames.end());
      const auto outcomes =
          read_shares(t, "outcomes", outcome_names, "outcome", {1.0, 0.0, 0.0, 0.0, 0.0});
      std::copy(outcomes.begin(), outcomes.end(), service.outcomes.begin());
      service.changes = read_changes(t);
      service.initially_occupied = static_cast<int>(t.integer("initially_occupied", 0, 10'000'000, 0));
      service.initially_waiting = static_cast<int>(t.integer("initially_waiting", 0, 10'000'000, 0));
      if (!service.from_hospital && service.initially_waiting > 0) {
        t.fail("initially_waiting", "counts patients waiting in acute beds, but the acute unit sends no one to a "
                                    "unit with pathway = \"none\"");
      }
      service.brokerage_days = t.number("brokerage_days", Range::days_or_zero(), 0.0);
      if (t.has("cost_per_day")) service.day_cost = t.number("cost_per_day", kCost);
      auto read_next = [&](TableReader& owner, long group) {
        auto next = owner.optional_table("next");
        if (!next) return false;
        if (next->keys().size() > 64) owner.fail("next", "routes to at most 64 units");
        for (const auto& target : next->keys()) {
          const double share = next->number(target.c_str(), Range::probability());
          next_routes.push_back({s.services.size(), target, share, *next, group});
        }
        return true;
      };
      read_next(t, -1);
      if (auto by_group = t.optional_table("by_group")) {
        for (const auto& group_name : by_group->keys()) {
          std::size_t g = 0;
          while (g < s.groups.size() && s.groups[g].name != group_name) ++g;
          auto gt = by_group->table(group_name.c_str());
          if (g == s.groups.size()) gt.fail_table("no patient group is called \"" + group_name + "\"");
          GroupOverride o{s.services.size(), g, false, false, {}, gt};
          o.has_next = read_next(o.table, static_cast<long>(g));
          if (o.table.has("outcomes")) {
            o.has_outcomes = true;
            const auto shares = read_shares(o.table, "outcomes", outcome_names, "outcome", {1.0, 0.0, 0.0, 0.0, 0.0});
            std::copy(shares.begin(), shares.end(), o.outcomes.begin());
          }
          o.table.reject_unknown_keys();
          group_overrides.push_back(std::move(o));
        }
      }
      t.reject_unknown_keys();
      const std::pair<int, long> slot{static_cast<int>(service.pathway),
                                      service.locality ? static_cast<long>(*service.locality) : -1};
      if (service.from_hospital) {  // a unit with pathway "none" takes no slot
        if (auto [it, fresh] = service_keys.emplace(slot, name); !fresh) {
          t.fail("locality", "serves the same pathway and locality as service \"" + it->second + "\"");
        }
      }
      s.services.push_back(std::move(service));
    }
    services->reject_unknown_keys();
    // Routes between units, now that every unit is known: the units' own, then each group's.
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::pair<std::size_t, double>>> group_next;
    for (auto& route : next_routes) {
      auto& from = s.services[route.from];
      std::size_t to = 0;
      while (to < s.services.size() && s.services[to].name != route.target) ++to;
      if (to == s.services.size()) route.table.fail(route.target.c_str(), "no service is called \"" + route.target + "\"");
      if (to == route.from) route.table.fail(route.target.c_str(), "a unit cannot route its leavers back to itself");
      if (route.share <= 0) continue;
      if (route.group < 0) {
        from.next.emplace_back(to, route.share);
      } else {
        group_next[{route.from, static_cast<std::size_t>(route.group)}].emplace_back(to, route.share);
      }
    }
    for (const auto& o : group_overrides) {
      auto& service = s.services[o.service];
      if (service.by_group.empty()) service.by_group.assign(s.groups.size(), {service.next, service.outcomes});
      if (o.has_next) service.by_group[o.group].next = group_next[{o.service, o.group}];
      if (o.has_outcomes) service.by_group[o.group].outcomes = o.outcomes;
    }
    auto check_shares = [&](const std::vector<std::pair<std::size_t, double>>& routes, const TableReader& owner) {
      const double total = Service::share_of(routes);
      if (total > 1.0 + kShareTolerance) {
        std::ostringstream text;
        text << "the shares moving on add up to " << total << ", more than 1";
        owner.fail("next", text.str());
      }
    };
    for (std::size_t i = 0; i < s.services.size(); ++i) {
      check_shares(s.services[i].next, services->table(s.services[i].name.c_str()));
    }
    for (const auto& o : group_overrides) check_shares(s.services[o.service].by_group[o.group].next, o.table);
    // Every unit must lead out, for every group: some of its leavers exit, or move on to a unit
    // that leads out.
    bool any_by_group = false;
    for (const auto& service : s.services) any_by_group = any_by_group || !service.by_group.empty();
    const std::size_t classes = any_by_group ? s.groups.size() : 1;
    for (std::size_t g = 0; g < classes; ++g) {
      std::vector<bool> leads_out(s.services.size(), false);
      for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < s.services.size(); ++i) {
          if (leads_out[i]) continue;
          bool out = s.services[i].next_share_for(g) < 1.0 - kShareTolerance;
          for (const auto& [to, share] : s.services[i].next_for(g)) out = out || leads_out[to];
          if (out) leads_out[i] = changed = true;
        }
      }
      for (std::size_t i = 0; i < s.services.size(); ++i) {
        if (leads_out[i]) continue;
        const std::string whose = any_by_group ? " of group \"" + s.groups[g].name + "\"" : "";
        services->table(s.services[i].name.c_str())
            .fail("next", "no patient" + whose + " can ever leave: every leaver moves on, round a cycle with no exit");
      }
    }
  }

  if (auto d = top.optional_table("discharge")) {
    auto& x = s.discharge;
    x.referral_lag_days = d->number("referral_lag_days", Range::days_or_zero(), x.referral_lag_days);
    x.assessment_days = d->number("assessment_days", Range::days_or_zero(), x.assessment_days);
    x.provider_assessment_days =
        d->number("provider_assessment_days", Range::days_or_zero(), x.provider_assessment_days);
    x.brokerage_days = d->number("brokerage_days", Range::days_or_zero(), x.brokerage_days);
    x.weekend_discharge_share =
        d->number("weekend_discharge_share", Range::probability(), x.weekend_discharge_share);
    x.deconditioning_per_day =
        d->number("deconditioning_per_day", Range::probability(), x.deconditioning_per_day);
    x.first_hour = d->number("first_hour", {0.0, 23.0, false, "an hour from 0 to 23"}, 0.0);
    x.last_hour = d->number("last_hour", {1.0, 24.0, false, "an hour from 1 to 24"}, 24.0);
    if (!(x.last_hour > x.first_hour)) d->fail("last_hour", "must come after first_hour");
    x.readmission_mean_days =
        d->number("readmission_mean_days", Range::days(), x.readmission_mean_days);
    d->reject_unknown_keys();
  }
  if (auto f = top.optional_table("frailty")) {
    auto read3 = [&](const char* key, std::array<double, kFrailtyLevels>& out) {
      auto values = f->optional_number_list(key, Range::multiplier());
      if (!values) return;
      if (values->size() != kFrailtyLevels) {
        f->fail(key, "needs 3 values (low, moderate, severe), has " + std::to_string(values->size()));
      }
      std::copy(values->begin(), values->end(), out.begin());
    };
    read3("stay_multiplier", s.frailty.stay_multiplier);
    read3("deconditioning_multiplier", s.frailty.deconditioning_multiplier);
    f->reject_unknown_keys();
  }
  if (auto l = top.optional_table("levers")) {
    auto& x = s.levers;
    x.planning_start = l->boolean("planning_start", false);
    x.edd_set_after_days = l->number("edd_set_after_days", Range::days_or_zero(), x.edd_set_after_days);
    x.edd_error_sd_days = l->number("edd_error_sd_days", Range::days_or_zero(), x.edd_error_sd_days);
    x.capacity_reservation = l->boolean("capacity_reservation", false);
    x.reserve_days_ahead = l->number("reserve_days_ahead", Range::days_or_zero(), x.reserve_days_ahead);
    x.discharge_to_assess = l->boolean("discharge_to_assess", false);
    x.trusted_assessor = l->boolean("trusted_assessor", false);
    x.seven_day_working = l->boolean("seven_day_working", false);
    x.home_first = l->boolean("home_first", false);
    x.home_first_share = l->number("home_first_share", Range::probability(), x.home_first_share);
    x.transfer_of_care_hub = l->boolean("transfer_of_care_hub", false);
    l->reject_unknown_keys();
    if (x.capacity_reservation && !x.planning_start) {
      l->fail("capacity_reservation",
              "needs planning_start: a place is reserved ahead of the expected discharge date, "
              "which only planning from admission sets");
    }
  }

  if (auto costs = top.optional_table("costs")) {
    s.costs.acute_bed_day = costs->number("acute_bed_day", kCost, 0.0);
    s.costs.delayed_bed_day = costs->number("delayed_bed_day", kCost, 346.0);
    s.costs.community_day[1] = costs->number("P1_day", kCost, 125.0);
    s.costs.community_day[2] = costs->number("P2_day", kCost, 150.0);
    s.costs.community_day[3] = costs->number("P3_day", kCost, 164.0);
    costs->reject_unknown_keys();
  } else {
    s.costs.delayed_bed_day = 346.0;
    s.costs.community_day = {0.0, 125.0, 150.0, 164.0};
  }
  auto systems_table = top.optional_table("systems");
  if (auto crossings = top.optional_table("crossings")) {
    if (!systems_table) crossings->fail_table("applies only with [systems] (crossings are between care systems)");
    const Range hours{0.0, 24.0 * kMaxDays, true, "a number of hours > 0"};
    s.crossings.share = crossings->number("share", Range::probability(), 0.0);
    s.crossings.transfer_hours = crossings->number("transfer_hours", hours, 2.0);
    s.crossings.handover_hours = crossings->number("handover_hours", hours, 4.0);
    s.crossings.toward_spare_beds = crossings->boolean("toward_spare_beds", false);
    s.crossings.mutual_aid = crossings->boolean("mutual_aid", false);
    s.crossings.aid_after_days = crossings->number("aid_after_days", Range::days_or_zero(), 2.0);
    crossings->reject_unknown_keys();
    if (s.crossings.share > 0 && !(s.discharge.referral_lag_days > 0)) {
      crossings->fail("share", "needs discharge.referral_lag_days > 0: the referral home is a message between "
                               "care systems, and no message can arrive at once");
    }
  }
  top.reject_unknown_keys();

  // Every patient must be able to leave hospital: each pathway a group's patients can end up on
  // (drawn at admission, or reached through home first or deconditioning), in each locality it
  // lives in, needs a service, and a service a group sends patients to needs room for someone.
  for (const auto& group : s.groups) {
    if (group.admissions_per_day == 0) continue;
    std::array<bool, kPathways> reachable{};
    for (std::size_t p = 1; p < kPathways; ++p) reachable[p] = group.pathway_shares[p] > 0;
    if (s.levers.home_first && (reachable[2] || reachable[3])) reachable[1] = true;
    if (s.discharge.deconditioning_per_day > 0) {
      if (reachable[1]) reachable[2] = true;
      if (reachable[2]) reachable[3] = true;
    }
    for (std::size_t p = 1; p < kPathways; ++p) {
      if (!reachable[p]) continue;
      const bool drawn = group.pathway_shares[p] > 0;
      for (std::size_t l = 0; l < s.localities.size(); ++l) {
        if (group.locality_shares[l] == 0) continue;
        const std::size_t service = s.service_for(static_cast<Pathway>(p), l);
        const std::string pathway = kPathwayNames[p];
        if (service == s.services.size() && drawn) {
          groups.table(group.name.c_str())
              .fail("pathway", pathway + " patients from locality \"" + s.localities[l] +
                                   "\" have no service to go to: add a service with pathway = \"" +
                                   pathway + "\" and locality = \"" + s.localities[l] + "\" or \"all\"");
        }
        if (service == s.services.size()) {
          groups.table(group.name.c_str())
              .fail("pathway", "home first or deconditioning can send these patients to " +
                                   pathway + ", but locality \"" + s.localities[l] + "\" has no " +
                                   pathway + " service");
        }
        if (drawn && s.services[service].capacity == 0) {
          services->table(s.services[service].name.c_str())
              .fail("capacity", "is 0, but group \"" + group.name + "\" sends " + pathway +
                                    " patients here: they could never leave hospital");
        }
      }
    }
  }
  for (std::size_t k = 0; k < s.acute_units.size(); ++k) {
    const auto& unit = s.acute_units[k];
    bool admits = false;
    for (const auto& g : s.groups) admits = admits || (g.acute_unit == k && g.admissions_per_day > 0);
    if (unit.beds == 0 && !unit.turn_away_when_full && (admits || s.acute_units.size() == 1)) {
      acute_tables[k].fail("beds", "is 0 while admissions queue for a bed: no patient could ever be admitted");
    }
    bool has_group = false;
    for (const auto& g : s.groups) has_group = has_group || g.acute_unit == k;
    if (unit.initially_occupied > 0 && !has_group) {
      acute_tables[k].fail("initially_occupied", "counts patients of the groups admitted here, but no group is "
                                                  "(groups.<name>.acute_unit = \"" + unit.name + "\")");
    }
  }
  // A capacity cut below the starting state is a question a leader asks: the start is trimmed.
  trim_start_to_capacity(s);
  if (s.population) set_admission_fates(s);
  // Several care systems: each this scenario scaled to an area (checked above as the template).
  if (systems_table) s.systems = read_systems(*systems_table, s);
  return s;
}

}  // namespace

std::size_t Scenario::service_for(Pathway pathway, std::size_t locality) const {
  std::size_t fallback = services.size();
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (!services[i].from_hospital || services[i].pathway != pathway) continue;
    if (services[i].locality == locality) return i;
    if (!services[i].locality) fallback = i;
  }
  return fallback;
}

Scenario load_scenario_text(const std::string& text, const std::string& name,
                            const std::vector<std::string>& overrides) {
  std::set<fs::path> chain;
  toml::table root = resolve_extends(parse_text(text, name), fs::path(name), name, chain);
  for (const auto& o : overrides) apply_override(root, o);
  return build(root, name);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  if (!fs::exists(path)) throw ScenarioError(path, 0, "", "no such file");
  std::set<fs::path> chain{fs::canonical(path)};
  toml::table root = resolve_extends(parse_text(read_file(path, path), path), fs::path(path), path,
                                     chain);
  for (const auto& o : overrides) apply_override(root, o);
  return build(root, path);
}

}  // namespace careflow::scenario
