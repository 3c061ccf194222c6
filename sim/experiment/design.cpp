#include "experiment/design.hpp"

#include <boost/random/sobol.hpp>
#include <numeric>
#include <stdexcept>

#include "engine/random_stream.hpp"

namespace careflow::experiment {
namespace {

// Random stream purposes of the designs (the sweep's own streams, apart from any model's).
constexpr std::uint32_t kLatinHypercube = 0x4c48;  // "LH"
constexpr std::uint32_t kMorris = 0x4d4f;          // "MO"

engine::RandomStream design_stream(const SweepSpec& spec, std::uint32_t purpose, std::uint64_t substream) {
  return engine::RandomStream({.seed = spec.seed.value_or(0), .replication = 0, .lp = 0,
                               .purpose = purpose, .substream = substream});
}

// A uniformly random index below n (n small: the modulo bias is below 2^-40).
std::size_t below(engine::RandomStream& rng, std::size_t n) { return static_cast<std::size_t>(rng() % n); }

void shuffle(std::vector<std::size_t>& items, engine::RandomStream& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(rng, i)]);
}

DesignPoints grid(const SweepSpec& spec) {
  DesignPoints d;
  const std::size_t n = design_size(spec);
  const std::size_t k = spec.factors.size();
  d.unit.assign(n, std::vector<double>(k));
  for (std::size_t p = 0; p < n; ++p) {
    std::size_t rest = p;
    for (std::size_t f = k; f-- > 0;) {  // the last factor varies fastest
      const std::size_t levels = spec.factors[f].level_count();
      const std::size_t index = rest % levels;
      rest /= levels;
      d.unit[p][f] = (static_cast<double>(index) + 0.5) / static_cast<double>(levels);
    }
  }
  return d;
}

DesignPoints latin_hypercube(const SweepSpec& spec) {
  DesignPoints d;
  const std::size_t n = spec.samples;
  const std::size_t k = spec.factors.size();
  d.unit.assign(n, std::vector<double>(k));
  for (std::size_t f = 0; f < k; ++f) {
    auto rng = design_stream(spec, kLatinHypercube, f);
    std::vector<std::size_t> strata(n);
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    shuffle(strata, rng);
    for (std::size_t p = 0; p < n; ++p) {
      d.unit[p][f] = (static_cast<double>(strata[p]) + rng.uniform01()) / static_cast<double>(n);
    }
  }
  return d;
}

DesignPoints saltelli(const SweepSpec& spec) {
  DesignPoints d;
  const std::size_t k = spec.factors.size();
  boost::random::sobol sequence(2 * k);
  // The sequence's first points repeat coordinates across dimensions (all 0.5, then quarters),
  // which would make rows of A and B share values; skipping the first 2^m points, 2^m >= N, is
  // the usual remedy (and keeps the sample's balance properties).
  std::size_t skip = 1;
  while (skip < spec.samples) skip *= 2;
  sequence.discard(static_cast<std::uintmax_t>(skip) * 2 * k);
  DesignColumn matrix{"sobol_matrix", {}}, sample{"sobol_sample", {}}, factor{"sobol_factor", {}};
  std::vector<double> a(k), b(k);
  for (std::size_t j = 0; j < spec.samples; ++j) {
    for (auto& x : a) x = static_cast<double>(sequence()) * 0x1.0p-64;
    for (auto& x : b) x = static_cast<double>(sequence()) * 0x1.0p-64;
    auto add = [&](const std::vector<double>& u, std::int64_t m, std::int64_t i) {
      d.unit.push_back(u);
      matrix.values.push_back(m);
      sample.values.push_back(static_cast<std::int64_t>(j));
      factor.values.push_back(i);
    };
    add(a, kSobolA, -1);
    add(b, kSobolB, -1);
    for (std::size_t i = 0; i < k; ++i) {
      auto ab = a;
      ab[i] = b[i];
      add(ab, kSobolAB, static_cast<std::int64_t>(i));
    }
  }
  d.columns = {std::move(matrix), std::move(sample), std::move(factor)};
  return d;
}

DesignPoints morris(const SweepSpec& spec) {
  DesignPoints d;
  const std::size_t k = spec.factors.size();
  const auto p = static_cast<std::size_t>(spec.morris_levels);
  const std::size_t jump = p / 2;  // delta in grid steps: p / (2 (p - 1)) = (p / 2) / (p - 1)
  DesignColumn trajectory{"morris_trajectory", {}}, step{"morris_step", {}}, factor{"morris_factor", {}},
      direction{"morris_direction", {}};
  auto unit_of = [&](const std::vector<std::size_t>& index) {
    std::vector<double> u(k);
    for (std::size_t f = 0; f < k; ++f) u[f] = static_cast<double>(index[f]) / static_cast<double>(p - 1);
    return u;
  };
  for (std::size_t t = 0; t < spec.samples; ++t) {
    auto rng = design_stream(spec, kMorris, t);
    std::vector<std::size_t> index(k);
    for (auto& i : index) i = below(rng, p);
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    shuffle(order, rng);
    auto add = [&](std::int64_t s, std::int64_t f, std::int64_t dir) {
      d.unit.push_back(unit_of(index));
      trajectory.values.push_back(static_cast<std::int64_t>(t));
      step.values.push_back(s);
      factor.values.push_back(f);
      direction.values.push_back(dir);
    };
    add(0, -1, 0);
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t f = order[s];
      const bool up = index[f] + jump <= p - 1;
      index[f] = up ? index[f] + jump : index[f] - jump;
      add(static_cast<std::int64_t>(s + 1), static_cast<std::int64_t>(f), up ? 1 : -1);
    }
  }
  d.columns = {std::move(trajectory), std::move(step), std::move(factor), std::move(direction)};
  return d;
}

}  // namespace

const std::vector<std::int64_t>& DesignPoints::column(const std::string& name) const {
  for (const auto& c : columns) {
    if (c.name == name) return c.values;
  }
  throw std::out_of_range("the design has no column " + name);
}

double morris_delta(int levels) {
  return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
}

std::size_t design_size(const SweepSpec& spec) {
  const std::size_t k = spec.factors.size();
  switch (spec.design) {
    case Design::grid: {
      std::size_t n = 1;
      for (const auto& f : spec.factors) n *= f.level_count();
      return n;
    }
    case Design::lhs: return spec.samples;
    case Design::sobol: return spec.samples * (k + 2);
    case Design::morris: return spec.samples * (k + 1);
  }
  return 0;
}

DesignPoints make_design(const SweepSpec& spec) {
  switch (spec.design) {
    case Design::grid: return grid(spec);
    case Design::lhs: return latin_hypercube(spec);
    case Design::sobol: return saltelli(spec);
    case Design::morris: return morris(spec);
  }
  return {};
}

}  // namespace careflow::experiment
