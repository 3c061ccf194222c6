#include "experiment/sweep_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "output/output_error.hpp"

namespace careflow::experiment {
namespace {

using output::OutputError;
using output::WriteFailure;

constexpr char kMagic[8] = {'C', 'F', 'S', 'W', 'J', 'N', 'L', '1'};
constexpr std::uint32_t kRecordMark = 0x50544e31;  // "PTN1"

std::uint64_t fnv1a(const char* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// Fixed-width little-endian-as-the-machine values: a journal is read back by the same build on
// the same machine (a resume), never exchanged.
class Bytes {
 public:
  template <class T>
  void put(const T& value) {
    const auto* p = reinterpret_cast<const char*>(&value);
    data_.insert(data_.end(), p, p + sizeof(T));
  }
  void put_text(const std::string& text) {
    put<std::uint64_t>(text.size());
    data_.insert(data_.end(), text.begin(), text.end());
  }
  const std::vector<char>& data() const { return data_; }

 private:
  std::vector<char> data_;
};

class Reader {
 public:
  Reader(const char* data, std::size_t size) : data_(data), size_(size) {}
  template <class T>
  bool get(T& value) {
    if (size_ - at_ < sizeof(T)) return false;
    std::memcpy(&value, data_ + at_, sizeof(T));
    at_ += sizeof(T);
    return true;
  }
  bool get_text(std::string& text) {
    std::uint64_t n = 0;
    if (!get(n) || size_ - at_ < n) return false;
    text.assign(data_ + at_, n);
    at_ += n;
    return true;
  }
  bool done() const { return at_ == size_; }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

std::vector<char> encode(const PointResult& r) {
  Bytes b;
  b.put<std::uint64_t>(r.point);
  b.put(r.warmup_days);
  b.put<std::uint64_t>(r.values.size());
  for (double v : r.values) b.put(v);
  b.put<std::uint64_t>(r.events.size());
  for (auto e : r.events) b.put(e);
  b.put_text(r.steady_state.method);
  b.put<std::uint64_t>(r.steady_state.levels.size());
  for (const auto& level : r.steady_state.levels) {
    b.put_text(level.level);
    b.put(level.slope_per_day);
    b.put(level.lower_per_day);
    b.put(level.material_growth);
    b.put<std::uint8_t>(level.rising ? 1 : 0);
  }
  return b.data();
}

bool decode(const char* data, std::size_t size, PointResult& r) {
  Reader in(data, size);
  std::uint64_t point = 0, n = 0;
  if (!in.get(point) || !in.get(r.warmup_days) || !in.get(n)) return false;
  r.point = point;
  r.values.resize(n);
  for (auto& v : r.values) {
    if (!in.get(v)) return false;
  }
  if (!in.get(n)) return false;
  r.events.resize(n);
  for (auto& e : r.events) {
    if (!in.get(e)) return false;
  }
  if (!in.get_text(r.steady_state.method) || !in.get(n)) return false;
  r.steady_state.levels.resize(n);
  for (auto& level : r.steady_state.levels) {
    std::uint8_t rising = 0;
    if (!in.get_text(level.level) || !in.get(level.slope_per_day) || !in.get(level.lower_per_day) ||
        !in.get(level.material_growth) || !in.get(rising)) {
      return false;
    }
    level.rising = rising != 0;
  }
  return in.done();
}

void write_all(int fd, const std::vector<char>& data, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    errno = 0;
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw WriteFailure(path.string() + ": cannot write the sweep journal" + output::os_reason(errno));
    done += static_cast<std::size_t>(n);
  }
}

int open_locked(const std::filesystem::path& path, int flags) {
  errno = 0;
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  if (fd < 0) throw OutputError("cannot open " + path.string() + output::os_reason(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw OutputError(path.string() + ": another careflow sweep is writing this sweep now");
  }
  return fd;
}

struct Header {
  std::string identity;
  std::string command_line;
  std::uint64_t end = 0;  ///< where the records start
};

bool parse_header(const std::vector<char>& data, Header& h) {
  if (data.size() < sizeof kMagic || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) return false;
  Reader in(data.data() + sizeof kMagic, data.size() - sizeof kMagic);
  std::uint64_t check = 0;
  if (!in.get_text(h.identity) || !in.get_text(h.command_line) || !in.get(check)) return false;
  const std::string both = h.identity + h.command_line;
  if (check != fnv1a(both.data(), both.size())) return false;
  h.end = sizeof kMagic + 3 * sizeof(std::uint64_t) + h.identity.size() + h.command_line.size();
  return true;
}

// The header holds the sweep's identity (its file and scenario texts): read enough for it.
std::vector<char> read_all_header(int fd) {
  std::vector<char> data;
  char buffer[1 << 16];
  std::uint64_t at = 0;
  while (data.size() < (std::size_t{1} << 26)) {
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, static_cast<off_t>(at));
    if (n <= 0) break;
    data.insert(data.end(), buffer, buffer + n);
    at += static_cast<std::uint64_t>(n);
    Header probe;
    if (parse_header(data, probe)) break;
  }
  return data;
}

bool read_at(int fd, std::uint64_t at, char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Calls visit for each whole record from `start`, reading one record at a time; returns where
// the last whole record ends.
std::uint64_t scan_records(int fd, std::uint64_t start, const std::function<void(const PointResult&)>& visit) {
  std::uint64_t at = start;
  std::size_t expected = 0;
  std::vector<char> body;
  for (;;) {
    std::uint32_t mark = 0;
    std::uint64_t size = 0, check = 0;
    char head[sizeof mark + sizeof size];
    if (!read_at(fd, at, head, sizeof head)) break;
    std::memcpy(&mark, head, sizeof mark);
    std::memcpy(&size, head + sizeof mark, sizeof size);
    if (mark != kRecordMark || size > (std::uint64_t{1} << 34)) break;
    body.resize(size + sizeof check);
    if (!read_at(fd, at + sizeof head, body.data(), body.size())) break;
    std::memcpy(&check, body.data() + size, sizeof check);
    if (check != fnv1a(body.data(), size)) break;
    PointResult r;
    if (!decode(body.data(), size, r) || r.point != expected) break;
    if (visit) visit(r);
    ++expected;
    at += sizeof head + body.size();
  }
  return at;
}

}  // namespace

std::filesystem::path SweepJournal::path_for(const std::filesystem::path& out) {
  return out.string() + ".journal";
}

SweepJournal::SweepJournal(std::filesystem::path path, int fd, std::string command_line)
    : path_(std::move(path)), fd_(fd), command_line_(std::move(command_line)) {}

SweepJournal::SweepJournal(SweepJournal&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(other.fd_),
      command_line_(std::move(other.command_line_)),
      points_(other.points_),
      records_start_(other.records_start_) {
  other.fd_ = -1;
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

SweepJournal SweepJournal::create(const std::filesystem::path& path, const std::string& identity,
                                  const std::string& command_line) {
  if (std::filesystem::exists(path)) {
    throw OutputError(path.string() + ": an unfinished sweep to this output is there: add --resume to "
                      "continue it, or remove the journal to start again");
  }
  const int fd = open_locked(path, O_RDWR | O_CREAT | O_EXCL);
  SweepJournal journal(path, fd, command_line);
  Bytes header;
  for (char c : kMagic) header.put(c);
  header.put_text(identity);
  header.put_text(command_line);
  const std::string both = identity + command_line;
  header.put(fnv1a(both.data(), both.size()));
  try {
    write_all(fd, header.data(), path);
  } catch (const WriteFailure&) {
    // A journal without its whole header is no journal: it goes, and a resume starts afresh.
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
  journal.records_start_ = header.data().size();
  return journal;
}

SweepJournal SweepJournal::resume(const std::filesystem::path& path, const std::string& identity) {
  const int fd = open_locked(path, O_RDWR);
  auto data = read_all_header(fd);
  Header header;
  if (!parse_header(data, header)) {
    ::close(fd);
    throw OutputError(path.string() + ": not a careflow sweep journal (or its start is damaged); remove it to start again");
  }
  if (header.identity != identity) {
    ::close(fd);
    throw OutputError(path.string() + ": this journal belongs to another sweep (the sweep file, its scenario "
                      "or careflow itself changed since it started); remove it to start again");
  }
  SweepJournal journal(path, fd, header.command_line);
  journal.records_start_ = header.end;
  std::size_t points = 0;
  const std::uint64_t end = scan_records(fd, header.end, [&](const PointResult&) { ++points; });
  const auto size = static_cast<std::uint64_t>(::lseek(fd, 0, SEEK_END));
  journal.points_ = points;
  // A record cut short by a kill goes; the next point is written where it began.
  if (end < size && ::ftruncate(fd, static_cast<off_t>(end)) != 0) {
    throw WriteFailure(path.string() + ": cannot drop a partial record" + output::os_reason(errno));
  }
  return journal;
}

void SweepJournal::append(const PointResult& result) {
  const auto body = encode(result);
  Bytes record;
  record.put(kRecordMark);
  record.put<std::uint64_t>(body.size());
  std::vector<char> data = record.data();
  data.insert(data.end(), body.begin(), body.end());
  const std::uint64_t check = fnv1a(body.data(), body.size());
  const auto* c = reinterpret_cast<const char*>(&check);
  data.insert(data.end(), c, c + sizeof check);
  if (::lseek(fd_, 0, SEEK_END) < 0) throw WriteFailure(path_.string() + ": cannot seek" + output::os_reason(errno));
  write_all(fd_, data, path_);  // one write: a kill leaves a whole record or a partial one
  ++points_;
}

void SweepJournal::for_each(const std::function<void(const PointResult&)>& visit) const {
  scan_records(fd_, records_start_, visit);
}

void SweepJournal::remove() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
  ::close(fd_);
  fd_ = -1;
}

}  // namespace careflow::experiment
