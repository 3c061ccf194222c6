#pragma once
// Bad scenario input: names the file, the line, the key and the reason, e.g.
//   scenarios/pull.toml:12: services.p1_north.capacity: must be a whole number >= 0, got -5

#include <stdexcept>
#include <string>

namespace careflow::scenario {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, long line, std::string key, std::string reason);

  const std::string& file() const { return file_; }
  long line() const { return line_; }  ///< 0 when no line applies (e.g. a missing file)
  const std::string& key() const { return key_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  long line_;
  std::string key_;
  std::string reason_;
};

}  // namespace careflow::scenario
