#pragma once
// Every scenario parameter, documented once: name, unit, default and meaning. `careflow params`
// prints this table and docs/scenarios.md is generated from it; the loader reads exactly these
// keys and rejects any other.

#include <span>
#include <string>

namespace careflow::scenario {

struct ParameterDoc {
  const char* key;      ///< dotted path; <name> stands for a name the scenario chooses
  const char* unit;
  const char* default_value;  ///< "required" when there is none
  const char* meaning;
};

std::span<const ParameterDoc> parameter_docs();

/// The table as Markdown (the body of docs/scenarios.md).
std::string parameter_docs_markdown();

}  // namespace careflow::scenario
