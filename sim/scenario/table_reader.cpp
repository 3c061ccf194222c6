#include "scenario/table_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace careflow::scenario {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1U : 0U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string show(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string path, std::string file)
    : table_(&table), path_(std::move(path)), file_(std::move(file)) {}

std::vector<std::string> TableReader::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, node] : *table_) out.emplace_back(key.str());
  return out;
}

bool TableReader::has(const char* key) const { return table_->get(key) != nullptr; }

bool TableReader::is_text(const char* key) const {
  const toml::node* node = table_->get(key);
  return node && node->is_string();
}

const toml::node* TableReader::find(const char* key) {
  asked_.insert(key);
  return table_->get(key);
}

std::string TableReader::full_key(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

std::string TableReader::file_of(const toml::node* node) const {
  if (node && node->source().path && !node->source().path->empty()) return *node->source().path;
  if (table_->source().path && !table_->source().path->empty()) return *table_->source().path;
  return file_;
}

long TableReader::line_of(const toml::node* node) const {
  if (node && node->source().begin.line > 0) return static_cast<long>(node->source().begin.line);
  return static_cast<long>(table_->source().begin.line);
}

std::string TableReader::type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::string: return "text \"" + node.as_string()->get() + "\"";
    case toml::node_type::integer: return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point: return show(node.as_floating_point()->get());
    case toml::node_type::boolean: return node.as_boolean()->get() ? "true" : "false";
    default: return "a date or time";
  }
}

void TableReader::fail(const char* key, const std::string& reason) const {
  const toml::node* node = table_->get(key);
  throw ScenarioError(file_of(node), line_of(node), full_key(key), reason);
}

void TableReader::fail_table(const std::string& reason) const {
  throw ScenarioError(file_of(nullptr), line_of(nullptr), path_, reason);
}

double TableReader::number(const char* key, const Range& range, std::optional<double> fallback) {
  const toml::node* node = find(key);
  if (!node) {
    if (fallback) return *fallback;
    fail(key, "is required (" + std::string(range.description) + ")");
  }
  double value = 0;
  if (const auto* f = node->as_floating_point()) {
    value = f->get();
  } else if (const auto* i = node->as_integer()) {
    value = static_cast<double>(i->get());
  } else {
    fail(key, "must be " + std::string(range.description) + ", got " + type_name(*node));
  }
  if (!range.contains(value)) {
    fail(key, "must be " + std::string(range.description) + ", got " + show(value));
  }
  return value;
}

std::int64_t TableReader::integer(const char* key, std::int64_t low, std::int64_t high,
                                  std::optional<std::int64_t> fallback) {
  const toml::node* node = find(key);
  const std::string wanted = "a whole number from " + std::to_string(low) +
                             (high == std::numeric_limits<std::int64_t>::max()
                                  ? std::string(" up")
                                  : " to " + std::to_string(high));
  if (!node) {
    if (fallback) return *fallback;
    fail(key, "is required (" + wanted + ")");
  }
  const auto* i = node->as_integer();
  if (!i) fail(key, "must be " + wanted + ", got " + type_name(*node));
  if (i->get() < low || i->get() > high) fail(key, "must be " + wanted + ", got " + type_name(*node));
  return i->get();
}

bool TableReader::boolean(const char* key, bool fallback) {
  const toml::node* node = find(key);
  if (!node) return fallback;
  const auto* b = node->as_boolean();
  if (!b) fail(key, "must be true or false, got " + type_name(*node));
  return b->get();
}

std::string TableReader::text(const char* key) {
  auto value = optional_text(key);
  if (!value) fail(key, "is required (text)");
  return *value;
}

std::optional<std::string> TableReader::optional_text(const char* key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto* s = node->as_string();
  if (!s) fail(key, "must be text, got " + type_name(*node));
  return s->get();
}

std::optional<std::vector<std::string>> TableReader::optional_text_list(const char* key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) fail(key, "must be a list of names, got " + type_name(*node));
  std::vector<std::string> out;
  for (const auto& item : *array) {
    const auto* s = item.as_string();
    if (!s) fail(key, "must be a list of names, but holds " + type_name(item));
    out.push_back(s->get());
  }
  return out;
}

std::optional<std::vector<double>> TableReader::optional_number_list(const char* key,
                                                                     const Range& range) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) fail(key, "must be a list of numbers, got " + type_name(*node));
  std::vector<double> out;
  for (const auto& item : *array) {
    double value = 0;
    if (const auto* f = item.as_floating_point()) {
      value = f->get();
    } else if (const auto* i = item.as_integer()) {
      value = static_cast<double>(i->get());
    } else {
      fail(key, "must be a list of numbers, but holds " + type_name(item));
    }
    if (!range.contains(value)) {
      fail(key, "every entry must be " + std::string(range.description) + ", got " + show(value));
    }
    out.push_back(value);
  }
  return out;
}

std::optional<std::vector<TableReader>> TableReader::optional_table_list(const char* key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) fail(key, "must be a list of tables, got " + type_name(*node));
  std::vector<TableReader> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto* t = array->get(i)->as_table();
    if (!t) fail(key, "must be a list of tables, but holds " + type_name(*array->get(i)));
    out.emplace_back(*t, full_key(key) + "[" + std::to_string(i) + "]", file_);
  }
  return out;
}

TableReader TableReader::table(const char* key) {
  auto t = optional_table(key);
  if (!t) fail(key, "is required (a table)");
  return *t;
}

std::optional<TableReader> TableReader::optional_table(const char* key) {
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto* t = node->as_table();
  if (!t) fail(key, "must be a table, got " + type_name(*node));
  return TableReader(*t, full_key(key), file_);
}

void TableReader::reject_unknown_keys() const {
  for (const auto& [key, node] : *table_) {
    const std::string name(key.str());
    if (asked_.count(name)) continue;
    std::string hint;
    std::size_t best = 3;
    for (const auto& known : asked_) {
      const std::size_t d = edit_distance(name, known);
      if (d < best) {
        best = d;
        hint = " (did you mean \"" + known + "\"?)";
      }
    }
    throw ScenarioError(file_of(&node), line_of(&node), full_key(name), "unknown key" + hint);
  }
}

}  // namespace careflow::scenario
