#pragma once
// MPI calls whose failure becomes an exception naming the call and MPI's own words (the library's
// communicators return errors rather than abort: see MpiSession).

#include <mpi.h>

#include <stdexcept>
#include <string>

namespace careflow::engine_mpi {

inline void mpi_call(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(std::string(call) + " failed: " + std::string(text, static_cast<std::size_t>(length)));
}

}  // namespace careflow::engine_mpi
