#pragma once
// Typed, checked reading of one TOML table: every read names the key, every failure throws a
// ScenarioError with the file and line of the offending value (or of the table when the value is
// missing), and reject_unknown_keys() catches typos by refusing any key that was never asked for.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <toml++/toml.h>
#include <vector>

#include "scenario/scenario_error.hpp"

namespace careflow::scenario {

/// The longest duration or run a scenario may give, in days (100 years): far beyond any study,
/// and small enough that no sampled multiple of it can overflow simulation time unnoticed.
inline constexpr double kMaxDays = 36'525.0;

/// Where a number must lie. Every range is finite: `inf` and `nan` are refused everywhere.
struct Range {
  double low = -std::numeric_limits<double>::max();
  double high = std::numeric_limits<double>::max();
  bool low_open = false;
  const char* description = "a number";

  static Range positive() { return {0.0, std::numeric_limits<double>::max(), true, "a finite number > 0"}; }
  static Range non_negative() { return {0.0, std::numeric_limits<double>::max(), false, "a finite number >= 0"}; }
  static Range probability() { return {0.0, 1.0, false, "a probability from 0 to 1"}; }
  /// A duration or a day of the run.
  static Range days() { return {0.0, kMaxDays, true, "a number of days > 0 and at most 36525 (100 years)"}; }
  static Range days_or_zero() { return {0.0, kMaxDays, false, "a number of days from 0 to 36525 (100 years)"}; }
  /// A factor on a rate, a stay or a chance.
  static Range multiplier() { return {0.0, 1000.0, false, "a multiplier from 0 to 1000"}; }
  bool contains(double x) const {
    return (low_open ? x > low : x >= low) && x <= high && std::isfinite(x);
  }
};

class TableReader {
 public:
  /// `path` is the table's dotted key ("" for the root); `file` names the top scenario file.
  TableReader(const toml::table& table, std::string path, std::string file);

  std::vector<std::string> keys() const;
  bool has(const char* key) const;
  /// The key is present and holds text (for a value that may be a number or a word).
  bool is_text(const char* key) const;

  double number(const char* key, const Range& range, std::optional<double> fallback = {});
  std::int64_t integer(const char* key, std::int64_t low, std::int64_t high,
                       std::optional<std::int64_t> fallback = {});
  bool boolean(const char* key, bool fallback);
  std::string text(const char* key);
  std::optional<std::string> optional_text(const char* key);
  std::optional<std::vector<std::string>> optional_text_list(const char* key);
  std::optional<std::vector<double>> optional_number_list(const char* key, const Range& range);
  /// A list of inline tables, e.g. changes = [ { from_day = 1, to_day = 2, capacity = 0 } ].
  std::optional<std::vector<TableReader>> optional_table_list(const char* key);
  TableReader table(const char* key);
  std::optional<TableReader> optional_table(const char* key);
  /// The key's value as it is (nullptr when absent), for a value whose type the caller decides.
  const toml::node* raw(const char* key) { return find(key); }

  /// Throws a ScenarioError about the table itself (its own key, at its line).
  [[noreturn]] void fail_table(const std::string& reason) const;

  /// Throws a ScenarioError about `key` of this table.
  [[noreturn]] void fail(const char* key, const std::string& reason) const;
  /// Throws for the first key present in the table that no read asked for.
  void reject_unknown_keys() const;

  const std::string& path() const { return path_; }
  /// The file that holds `key`'s value (an `extends` chain spans several), for paths given
  /// relative to the file that names them.
  std::string file_of_key(const char* key) const { return file_of(table_->get(key)); }
  /// How a value reads in a message: `text "x"`, `a list`, `12`.
  static std::string type_name(const toml::node& node);

 private:
  const toml::node* find(const char* key);
  std::string full_key(const std::string& key) const;
  std::string file_of(const toml::node* node) const;
  long line_of(const toml::node* node) const;

  const toml::table* table_;
  std::string path_;
  std::string file_;
  std::set<std::string> asked_;
};

}  // namespace careflow::scenario
