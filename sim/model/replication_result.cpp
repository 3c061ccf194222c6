#include "model/replication_result.hpp"

#include <stdexcept>

namespace careflow::model {

double ReplicationResult::value(const std::string& name) const {
  for (const auto& m : measures) {
    if (m.name == name) return m.value;
  }
  throw std::out_of_range("no measure called \"" + name + "\"");
}

}  // namespace careflow::model
