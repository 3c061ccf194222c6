#pragma once
// Replication results as bytes and back (Boost.Serialization's binary archives), to carry them
// from the rank that ran them to the rank that writes them. Both ends are one build of careflow,
// so the bytes are not a file format and carry no version.

#include <string>
#include <vector>

#include "model/replication_result.hpp"

namespace careflow::model {

std::string to_bytes(const std::vector<ReplicationResult>& results);
std::vector<ReplicationResult> results_from_bytes(const std::string& bytes);

}  // namespace careflow::model
