#include "scenario/scenario_error.hpp"

#include <sstream>

namespace careflow::scenario {
namespace {

std::string format(const std::string& file, long line, const std::string& key,
                   const std::string& reason) {
  std::ostringstream text;
  text << file;
  if (line > 0) text << ':' << line;
  text << ": ";
  if (!key.empty()) text << key << ": ";
  text << reason;
  return text.str();
}

}  // namespace

ScenarioError::ScenarioError(std::string file, long line, std::string key, std::string reason)
    : std::runtime_error(format(file, line, key, reason)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      reason_(std::move(reason)) {}

}  // namespace careflow::scenario
