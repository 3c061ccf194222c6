#include "output/hdf5_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>

#include "output/output_error.hpp"

namespace careflow::output::h5 {
namespace {

// Rows per chunk: large enough to compress well, small enough to read a slice cheaply.
constexpr hsize_t kChunkRows = 65536;
constexpr unsigned kDeflateLevel = 1;  // level 1: nearly the ratio of 6 at a fraction of the time

// Called before any other HDF5 call. HDF5 prints a stack of errors to stderr by default; careflow
// reports its own message instead. And HDF5 closes every file still open when the process exits:
// a file whose close already failed (a full disk) crashes that clean-up in HDF5 1.10, so careflow
// closes its files itself and leaves the operating system to reclaim an abandoned one.
// Debian's HDF5 is built thread-safe, which keeps the printing switch per thread: every thread
// that calls HDF5 (a replication pipeline's writer runs on any worker) turns it off for itself.
void prepare_library() {
  static const bool prepared = [] {
    H5dont_atexit();
    return true;
  }();
  (void)prepared;
  thread_local const bool silenced = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
  (void)silenced;
}

std::string file_of(hid_t object) {
  std::array<char, 1024> name{};
  if (H5Fget_name(object, name.data(), name.size()) < 0) return "HDF5 file";
  return name.data();
}

// A file that cannot be read as a trace: the user named the wrong file.
[[noreturn]] void fail(hid_t where, const std::string& what) {
  throw OutputError(file_of(where) + ": " + what);
}

hid_t check(hid_t id, hid_t where, const std::string& what) {
  if (id < 0) fail(where, what);
  return id;
}

// Writing failed part way: the system's reason (a full disk, a file-size limit) is in errno,
// which each writing call clears first so that a stale value is never reported.
[[noreturn]] void fail_write(hid_t where, const std::string& what) {
  const int error_number = errno;
  throw WriteFailure(file_of(where) + ": " + what + os_reason(error_number));
}

hid_t check_write(hid_t id, hid_t where, const std::string& what) {
  if (id < 0) fail_write(where, what);
  return id;
}

template <class T>
hid_t memory_type() {
  if constexpr (std::same_as<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::same_as<T, std::int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::same_as<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  if constexpr (std::same_as<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  if constexpr (std::same_as<T, std::int16_t>) return H5T_NATIVE_INT16;
  if constexpr (std::same_as<T, std::uint8_t>) return H5T_NATIVE_UINT8;
}

// Little-endian standard types in the file, whatever the machine that wrote it.
template <class T>
hid_t file_type() {
  if constexpr (std::same_as<T, double>) return H5T_IEEE_F64LE;
  if constexpr (std::same_as<T, std::int64_t>) return H5T_STD_I64LE;
  if constexpr (std::same_as<T, std::uint32_t>) return H5T_STD_U32LE;
  if constexpr (std::same_as<T, std::uint16_t>) return H5T_STD_U16LE;
  if constexpr (std::same_as<T, std::int16_t>) return H5T_STD_I16LE;
  if constexpr (std::same_as<T, std::uint8_t>) return H5T_STD_U8LE;
}

// The helpers' own HDF5 objects (types, dataspaces, property lists): a failure here is HDF5's,
// not the file's, but a column written with a half-made type would be wrong, so it stops too.
hid_t made(hid_t id, const char* what) {
  if (id < 0) throw WriteFailure(std::string("HDF5 could not make ") + what);
  return id;
}

void require(herr_t status, const char* what) {
  if (status < 0) throw WriteFailure(std::string("HDF5 could not ") + what);
}

Handle string_type() {
  Handle type(made(H5Tcopy(H5T_C_S1), "a string type"), H5Tclose);
  require(H5Tset_size(type.get(), H5T_VARIABLE), "set a string type's size");
  require(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set a string type's character set");
  return type;
}

Handle column_space(hsize_t rows) {
  return Handle(made(H5Screate_simple(1, &rows, nullptr), "a column's dataspace"), H5Sclose);
}

// Chunked and compressed when there is something to compress; an empty column stays contiguous.
Handle column_properties(hsize_t rows, bool compress) {
  Handle properties(made(H5Pcreate(H5P_DATASET_CREATE), "a column's properties"), H5Pclose);
  if (rows > 0) {
    const hsize_t chunk = std::min(rows, kChunkRows);
    require(H5Pset_chunk(properties.get(), 1, &chunk), "set a column's chunks");
    if (compress) {
      require(H5Pset_shuffle(properties.get()), "set a column's shuffle filter");
      require(H5Pset_deflate(properties.get(), kDeflateLevel), "set a column's compression");
    }
  }
  return properties;
}

Handle open_dataset(const Handle& group, const std::string& name) {
  return Handle(check(H5Dopen2(group.get(), name.c_str(), H5P_DEFAULT), group.get(),
                      "no column '" + name + "'"),
                H5Dclose);
}

hsize_t row_count(const Handle& dataset, const std::string& name) {
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  if (H5Sget_simple_extent_ndims(space.get()) != 1) fail(dataset.get(), "'" + name + "' is not a column");
  hsize_t rows = 0;
  H5Sget_simple_extent_dims(space.get(), &rows, nullptr);
  return rows;
}

Handle open_attribute(const Handle& object, const std::string& name) {
  return Handle(check(H5Aopen(object.get(), name.c_str(), H5P_DEFAULT), object.get(),
                      "no attribute '" + name + "'"),
                H5Aclose);
}

void write_attribute(const Handle& object, const std::string& name, hid_t file, hid_t memory,
                     const void* value) {
  errno = 0;
  Handle space(made(H5Screate(H5S_SCALAR), "an attribute's dataspace"), H5Sclose);
  Handle attribute(check_write(H5Acreate2(object.get(), name.c_str(), file, space.get(), H5P_DEFAULT,
                                    H5P_DEFAULT),
                         object.get(), "cannot create attribute '" + name + "'"),
                   H5Aclose);
  if (H5Awrite(attribute.get(), memory, value) < 0) fail_write(object.get(), "cannot write attribute '" + name + "'");
}

template <class T>
T read_numeric_attribute(const Handle& object, const std::string& name, hid_t memory) {
  const Handle attribute = open_attribute(object, name);
  Handle type(H5Aget_type(attribute.get()), H5Tclose);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) {
    fail(object.get(), "attribute '" + name + "' is not a number");
  }
  T value{};
  if (H5Aread(attribute.get(), memory, &value) < 0) fail(object.get(), "cannot read attribute '" + name + "'");
  return value;
}

}  // namespace

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = -1;
  }
  return *this;
}

void Handle::reset() noexcept {
  prepare_library();
  if (id_ >= 0 && close_) close_(id_);
  id_ = -1;
}

void Handle::close(const std::string& what) {
  prepare_library();
  if (id_ < 0) return;
  errno = 0;
  const herr_t status = close_(id_);
  const int error_number = errno;
  id_ = -1;
  if (status < 0) throw WriteFailure("cannot complete " + what + os_reason(error_number));
}

Handle create_file(const std::string& path) {
  prepare_library();
  // Closing the file fails while any of its objects is still open (a dataset whose own close
  // failed), instead of leaving the file open and its last writes unflushed behind a success.
  const Handle access(made(H5Pcreate(H5P_FILE_ACCESS), "file access properties"), H5Pclose);
  require(H5Pset_fclose_degree(access.get(), H5F_CLOSE_SEMI), "set how files close");
  errno = 0;
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get());
  const int error_number = errno;
  if (file < 0) {
    const std::string message = "cannot create HDF5 file " + path + os_reason(error_number);
    // A path the user cannot write to is the user's to fix; a full disk is not.
    if (error_number == ENOSPC || error_number == EFBIG || error_number == EIO || error_number == EDQUOT) {
      throw WriteFailure(message);
    }
    throw OutputError(message);
  }
  return Handle(file, H5Fclose);
}

Handle open_file(const std::string& path) {
  prepare_library();
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) throw OutputError(path + ": cannot read the file (missing, or not HDF5)");
  if (is_hdf5 == 0) throw OutputError(path + ": not an HDF5 file");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw OutputError(path + ": damaged or truncated HDF5 file");
  return Handle(file, H5Fclose);
}

Handle create_group(const Handle& parent, const std::string& name) {
  prepare_library();
  errno = 0;
  return Handle(check_write(H5Gcreate2(parent.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      parent.get(), "cannot create group '" + name + "'"),
                H5Gclose);
}

Handle open_group(const Handle& parent, const std::string& name) {
  prepare_library();
  return Handle(check(H5Gopen2(parent.get(), name.c_str(), H5P_DEFAULT), parent.get(),
                      "no group '" + name + "'"),
                H5Gclose);
}

bool has_link(const Handle& parent, const std::string& name) {
  prepare_library();
  return H5Lexists(parent.get(), name.c_str(), H5P_DEFAULT) > 0;
}

std::size_t link_count(const Handle& group) {
  prepare_library();
  H5G_info_t info{};
  if (H5Gget_info(group.get(), &info) < 0) fail(group.get(), "cannot list a group");
  return static_cast<std::size_t>(info.nlinks);
}

template <ColumnType T>
void write_column(const Handle& group, const std::string& name, std::span<const T> values,
                  Storage storage) {
  prepare_library();
  errno = 0;
  const auto rows = static_cast<hsize_t>(values.size());
  const Handle space = column_space(rows);
  const Handle properties = column_properties(rows, storage == Storage::compressed);
  // Columns are written whole, once: no chunk cache, so whole chunks go straight to the file
  // instead of through a copy.
  const Handle access(made(H5Pcreate(H5P_DATASET_ACCESS), "a column's access properties"), H5Pclose);
  require(H5Pset_chunk_cache(access.get(), 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT), "set a column's chunk cache");
  const Handle dataset(check_write(H5Dcreate2(group.get(), name.c_str(), file_type<T>(), space.get(),
                                              H5P_DEFAULT, properties.get(), access.get()),
                                   group.get(), "cannot create column '" + name + "'"),
                       H5Dclose);
  if (rows > 0 && H5Dwrite(dataset.get(), memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                           values.data()) < 0) {
    fail_write(group.get(), "cannot write column '" + name + "'");
  }
}

template <ColumnType T>
ColumnAppender<T>::ColumnAppender(const Handle& group, const std::string& name) : name_(name) {
  prepare_library();
  errno = 0;
  const hsize_t none = 0, unlimited = H5S_UNLIMITED, chunk = kBufferRows;
  const Handle space(made(H5Screate_simple(1, &none, &unlimited), "a column's dataspace"), H5Sclose);
  Handle properties(made(H5Pcreate(H5P_DATASET_CREATE), "a column's properties"), H5Pclose);
  require(H5Pset_chunk(properties.get(), 1, &chunk), "set a column's chunks");
  require(H5Pset_shuffle(properties.get()), "set a column's shuffle filter");
  require(H5Pset_deflate(properties.get(), kDeflateLevel), "set a column's compression");
  dataset_ = Handle(check_write(H5Dcreate2(group.get(), name.c_str(), file_type<T>(), space.get(), H5P_DEFAULT,
                                           properties.get(), H5P_DEFAULT),
                                group.get(), "cannot create column '" + name + "'"),
                    H5Dclose);
  buffer_.reserve(kBufferRows);
}

template <ColumnType T>
void ColumnAppender<T>::flush() {
  if (buffer_.empty()) return;
  prepare_library();
  errno = 0;
  const hsize_t start = rows_, count = buffer_.size(), total = rows_ + buffer_.size();
  if (H5Dset_extent(dataset_.get(), &total) < 0) fail_write(dataset_.get(), "cannot extend column '" + name_ + "'");
  const Handle file_space(made(H5Dget_space(dataset_.get()), "a column's dataspace"), H5Sclose);
  require(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
          "select rows of a column");
  const Handle memory_space = column_space(count);
  if (H5Dwrite(dataset_.get(), memory_type<T>(), memory_space.get(), file_space.get(), H5P_DEFAULT,
               buffer_.data()) < 0) {
    fail_write(dataset_.get(), "cannot write column '" + name_ + "'");
  }
  rows_ = total;
  buffer_.clear();
}

template <ColumnType T>
void ColumnAppender<T>::close() {
  flush();
  dataset_.close("column '" + name_ + "'");
}

void write_strings(const Handle& group, const std::string& name, const std::vector<std::string>& values) {
  prepare_library();
  errno = 0;
  const auto rows = static_cast<hsize_t>(values.size());
  const Handle type = string_type();
  const Handle space = column_space(rows);
  const Handle properties = column_properties(rows, false);
  const Handle dataset(check_write(H5Dcreate2(group.get(), name.c_str(), type.get(), space.get(),
                                              H5P_DEFAULT, properties.get(), H5P_DEFAULT),
                                   group.get(), "cannot create column '" + name + "'"),
                       H5Dclose);
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  if (rows > 0 && H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    fail_write(group.get(), "cannot write column '" + name + "'");
  }
}

template <ColumnType T>
std::vector<T> read_column(const Handle& group, const std::string& name) {
  prepare_library();
  const Handle dataset = open_dataset(group, name);
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_INTEGER && type_class != H5T_FLOAT) {
    fail(group.get(), "column '" + name + "' is not numeric");
  }
  std::vector<T> values(row_count(dataset, name));
  if (!values.empty() && H5Dread(dataset.get(), memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                 values.data()) < 0) {
    fail(group.get(), "cannot read column '" + name + "' (truncated or damaged file?)");
  }
  return values;
}

std::vector<std::string> read_strings(const Handle& group, const std::string& name) {
  prepare_library();
  const Handle dataset = open_dataset(group, name);
  Handle stored(H5Dget_type(dataset.get()), H5Tclose);
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0) {
    fail(group.get(), "column '" + name + "' is not a column of strings");
  }
  const Handle type = string_type();
  std::vector<char*> pointers(row_count(dataset, name), nullptr);
  std::vector<std::string> values;
  if (pointers.empty()) return values;
  if (H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    fail(group.get(), "cannot read column '" + name + "' (truncated or damaged file?)");
  }
  for (char* p : pointers) values.emplace_back(p ? p : "");
  const Handle space(H5Dget_space(dataset.get()), H5Sclose);
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, pointers.data());
  return values;
}

void set_attribute(const Handle& object, const std::string& name, const std::string& value) {
  prepare_library();
  const Handle type = string_type();
  const char* text = value.c_str();
  write_attribute(object, name, type.get(), type.get(), &text);
}

void set_attribute(const Handle& object, const std::string& name, std::int64_t value) {
  prepare_library();
  write_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

void set_attribute(const Handle& object, const std::string& name, double value) {
  prepare_library();
  write_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

bool has_attribute(const Handle& object, const std::string& name) {
  prepare_library();
  return H5Aexists(object.get(), name.c_str()) > 0;
}

std::string string_attribute(const Handle& object, const std::string& name) {
  prepare_library();
  const Handle attribute = open_attribute(object, name);
  Handle stored(H5Aget_type(attribute.get()), H5Tclose);
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0) {
    fail(object.get(), "attribute '" + name + "' is not a string");
  }
  const Handle type = string_type();
  char* text = nullptr;
  if (H5Aread(attribute.get(), type.get(), &text) < 0) fail(object.get(), "cannot read attribute '" + name + "'");
  std::string value = text ? text : "";
  H5free_memory(text);
  return value;
}

std::int64_t integer_attribute(const Handle& object, const std::string& name) {
  prepare_library();
  return read_numeric_attribute<std::int64_t>(object, name, H5T_NATIVE_INT64);
}

double double_attribute(const Handle& object, const std::string& name) {
  prepare_library();
  return read_numeric_attribute<double>(object, name, H5T_NATIVE_DOUBLE);
}

#define CAREFLOW_COLUMN(T)                                                                       \
  template void write_column<T>(const Handle&, const std::string&, std::span<const T>, Storage); \
  template std::vector<T> read_column<T>(const Handle&, const std::string&);                      \
  template class ColumnAppender<T>;
CAREFLOW_COLUMN(double)
CAREFLOW_COLUMN(std::int64_t)
CAREFLOW_COLUMN(std::uint32_t)
CAREFLOW_COLUMN(std::uint16_t)
CAREFLOW_COLUMN(std::int16_t)
CAREFLOW_COLUMN(std::uint8_t)
#undef CAREFLOW_COLUMN

}  // namespace careflow::output::h5
