#pragma once
// A thin C++ layer over HDF5's C API, for careflow's traces: owned handles, 1-D column datasets
// (chunked, shuffled and compressed), string columns and scalar attributes. Errors throw
// OutputError naming the file and the object; HDF5's own error printing is silenced.

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace careflow::output::h5 {

/// An HDF5 identifier that closes itself.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), close_(closer) {}
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  /// Closes now; throws OutputError if HDF5 reports a failure (say, a full disk on a file).
  void close(const std::string& what);

 private:
  void reset() noexcept;
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

Handle create_file(const std::string& path);
/// Opens for reading; throws OutputError if the file is missing, not HDF5, or damaged.
Handle open_file(const std::string& path);
Handle create_group(const Handle& parent, const std::string& name);
Handle open_group(const Handle& parent, const std::string& name);
bool has_link(const Handle& parent, const std::string& name);
/// How many objects (groups, columns) a group holds.
std::size_t link_count(const Handle& group);

/// The element types a column may hold.
template <class T>
concept ColumnType = std::same_as<T, double> || std::same_as<T, std::int64_t> ||
                     std::same_as<T, std::uint32_t> || std::same_as<T, std::uint16_t> ||
                     std::same_as<T, std::int16_t> || std::same_as<T, std::uint8_t>;

/// How a column is stored: shuffled and deflated, or as it is (still chunked). Deflate earns its
/// cost on codes and counts (4 to 60 times smaller) but not on times in float64 days (1.3 to 1.8
/// times, at 20-50 MB/s: more CPU than the simulation that made them).
enum class Storage { compressed, plain };

template <ColumnType T>
void write_column(const Handle& group, const std::string& name, std::span<const T> values,
                  Storage storage = Storage::compressed);
template <ColumnType T>
void write_column(const Handle& group, const std::string& name, const std::vector<T>& values,
                  Storage storage = Storage::compressed) {
  write_column(group, name, std::span<const T>(values), storage);
}
/// A column written piece by piece (an extendible, chunked, compressed dataset), for tables too
/// long to hold in memory; close() writes what is buffered and must be called for a whole column.
template <ColumnType T>
class ColumnAppender {
 public:
  ColumnAppender(const Handle& group, const std::string& name);
  void append(T value) {
    buffer_.push_back(value);
    if (buffer_.size() >= kBufferRows) flush();
  }
  void close();

 private:
  static constexpr std::size_t kBufferRows = 8192;
  void flush();
  Handle dataset_;
  std::string name_;
  std::vector<T> buffer_;
  unsigned long long rows_ = 0;
};

void write_strings(const Handle& group, const std::string& name, const std::vector<std::string>& values);

template <ColumnType T>
std::vector<T> read_column(const Handle& group, const std::string& name);
std::vector<std::string> read_strings(const Handle& group, const std::string& name);

void set_attribute(const Handle& object, const std::string& name, const std::string& value);
void set_attribute(const Handle& object, const std::string& name, std::int64_t value);
void set_attribute(const Handle& object, const std::string& name, double value);
bool has_attribute(const Handle& object, const std::string& name);
std::string string_attribute(const Handle& object, const std::string& name);
std::int64_t integer_attribute(const Handle& object, const std::string& name);
double double_attribute(const Handle& object, const std::string& name);

}  // namespace careflow::output::h5
