#pragma once
// The journal of a sweep under way: a file beside the output (`OUT.journal`) holding what the
// sweep is (its identity) and every finished point, appended one record at a time. A sweep killed
// at any moment, kill -9 included, leaves at worst one partial record at the end, which a resume
// drops (each record carries its length and a checksum). While it exists the sweep is not
// complete: the output file itself appears only when the last point is done.
//
// The journal is locked while a sweep writes it, so two sweeps cannot write one file.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "experiment/point_result.hpp"

namespace careflow::experiment {

class SweepJournal {
 public:
  /// The journal's path for a sweep written to `out`.
  static std::filesystem::path path_for(const std::filesystem::path& out);

  /// Starts a journal; throws OutputError if one is there already (an unfinished sweep).
  static SweepJournal create(const std::filesystem::path& path, const std::string& identity,
                             const std::string& command_line);
  /// Continues a journal: throws OutputError if it belongs to another sweep (`identity` differs)
  /// or is not a journal; drops a partial last record.
  static SweepJournal resume(const std::filesystem::path& path, const std::string& identity);

  SweepJournal(SweepJournal&& other) noexcept;
  SweepJournal& operator=(SweepJournal&&) = delete;
  SweepJournal(const SweepJournal&) = delete;
  ~SweepJournal();

  std::size_t points_done() const { return points_; }
  /// The command line that started the sweep.
  const std::string& command_line() const { return command_line_; }
  const std::filesystem::path& path() const { return path_; }
  /// Appends point `points_done()`; throws WriteFailure if the write fails.
  void append(const PointResult& result);
  /// Every recorded point, in order.
  void for_each(const std::function<void(const PointResult&)>& visit) const;
  /// The sweep is complete and written: the journal goes.
  void remove();

 private:
  SweepJournal(std::filesystem::path path, int fd, std::string command_line);
  std::filesystem::path path_;
  int fd_ = -1;
  std::string command_line_;
  std::size_t points_ = 0;
  std::uint64_t records_start_ = 0;
};

}  // namespace careflow::experiment
