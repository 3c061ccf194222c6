#pragma once
// A request the server refuses: the HTTP status, the field at fault ("" when none) and a
// message for a person, in the scenario loader's words where it was the loader that refused.

#include <stdexcept>
#include <string>

namespace careflow::serve {

class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::string field, const std::string& message)
      : std::runtime_error(message), status_(status), field_(std::move(field)) {}
  int status() const { return status_; }
  const std::string& field() const { return field_; }

 private:
  int status_;
  std::string field_;
};

}  // namespace careflow::serve
