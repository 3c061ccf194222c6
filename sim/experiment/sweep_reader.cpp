#include "experiment/sweep_reader.hpp"

#include <stdexcept>

#include "experiment/sweep_trace.hpp"
#include "output/hdf5_file.hpp"
#include "output/output_error.hpp"

namespace careflow::experiment {
namespace {

namespace h5 = output::h5;
using output::OutputError;

// What a points table column holds, read as numbers (text as the index of each distinct word).
std::vector<double> factor_column(const h5::Handle& points, const std::string& name, bool& text) {
  try {
    auto values = h5::read_column<double>(points, name);
    text = false;
    return values;
  } catch (const OutputError&) {
    const auto words = h5::read_strings(points, name);
    std::vector<std::string> seen;
    std::vector<double> codes;
    for (const auto& w : words) {
      std::size_t i = 0;
      while (i < seen.size() && seen[i] != w) ++i;
      if (i == seen.size()) seen.push_back(w);
      codes.push_back(static_cast<double>(i));
    }
    text = true;
    return codes;
  }
}

}  // namespace

bool is_sweep_file(const std::string& path) {
  const h5::Handle file = h5::open_file(path);
  return h5::has_attribute(file, "format") && h5::string_attribute(file, "format") == kSweepFormat;
}

SweepData read_sweep(const std::string& path) {
  const h5::Handle file = h5::open_file(path);
  if (!h5::has_attribute(file, "format") || h5::string_attribute(file, "format") != kSweepFormat) {
    throw OutputError(path + ": not a careflow sweep (no format attribute '" + std::string(kSweepFormat) + "')");
  }
  const auto version = h5::integer_attribute(file, "format_version");
  if (version != kSweepFormatVersion) {
    throw OutputError(path + ": sweep format version " + std::to_string(version) + "; this careflow reads version " +
                      std::to_string(kSweepFormatVersion));
  }
  if (!h5::has_attribute(file, "complete") || h5::integer_attribute(file, "complete") != 1) {
    throw OutputError(path + ": the sweep is not complete");
  }
  SweepData d;
  d.path = path;
  d.name = h5::string_attribute(file, "sweep_name");
  d.design = h5::string_attribute(file, "design");
  d.points = static_cast<std::size_t>(h5::integer_attribute(file, "points"));
  d.replications = static_cast<std::size_t>(h5::integer_attribute(file, "replications"));
  if (h5::has_attribute(file, "morris_delta")) d.morris_delta = h5::double_attribute(file, "morris_delta");
  d.steady_state_warning = h5::string_attribute(file, "steady_state_warning");

  const h5::Handle factors = h5::open_group(file, "factors");
  d.factor_names = h5::read_strings(factors, "name");
  d.factor_labels = h5::read_strings(factors, "label");
  const h5::Handle points = h5::open_group(file, "points");
  for (const auto& name : d.factor_names) {
    bool text = false;
    d.factor_values.push_back(factor_column(points, name, text));
    d.factor_is_text.push_back(text);
    if (d.factor_values.back().size() != d.points) {
      throw OutputError(path + ": points/" + name + " has " + std::to_string(d.factor_values.back().size()) +
                        " rows for " + std::to_string(d.points) + " points");
    }
  }
  for (const char* column : {"sobol_matrix", "sobol_sample", "sobol_factor", "morris_trajectory", "morris_step",
                             "morris_factor", "morris_direction"}) {
    if (h5::has_link(points, column)) d.design_columns[column] = h5::read_column<std::int64_t>(points, column);
  }
  d.steady = h5::read_column<std::uint8_t>(points, "steady");
  const h5::Handle measures = h5::open_group(file, "measures");
  d.measure_names = h5::read_strings(measures, "name");
  d.measure_units = h5::read_strings(measures, "unit");
  return d;
}

std::size_t SweepData::measure_index(const std::string& wanted) const {
  for (std::size_t m = 0; m < measure_names.size(); ++m) {
    if (measure_names[m] == wanted) return m;
  }
  std::string known;
  for (const auto& m : measure_names) known += (known.empty() ? "" : ", ") + m;
  throw std::invalid_argument(path + " has no measure \"" + wanted + "\"; it has: " + known);
}

std::vector<std::vector<double>> SweepData::measure(std::size_t index) const {
  const h5::Handle file = h5::open_file(path);
  const h5::Handle results = h5::open_group(file, "results");
  const auto values = h5::read_column<double>(results, measure_names.at(index));
  if (values.size() != points * replications) {
    throw OutputError(path + ": results/" + measure_names[index] + " has " + std::to_string(values.size()) +
                      " rows for " + std::to_string(points) + " points x " + std::to_string(replications) +
                      " replications");
  }
  std::vector<std::vector<double>> out(points, std::vector<double>(replications));
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replications; ++r) out[p][r] = values[p * replications + r];
  }
  return out;
}

}  // namespace careflow::experiment
