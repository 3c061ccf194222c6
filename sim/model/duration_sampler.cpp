#include "model/duration_sampler.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>

namespace careflow::model {

double sample_days(const scenario::Distribution& d, engine::RandomStream& stream) {
  using Kind = scenario::Distribution::Kind;
  switch (d.kind) {
    case Kind::exponential:
      return boost::random::exponential_distribution<double>(1.0 / d.mean)(stream);
    case Kind::lognormal:
      return boost::random::lognormal_distribution<double>(d.log_mu, d.log_sigma)(stream);
    case Kind::gamma:
      return boost::random::gamma_distribution<double>(d.shape, d.scale)(stream);
    case Kind::fixed:
      return d.mean;
    case Kind::empirical: {
      double u = stream.uniform01();
      for (std::size_t i = 0; i + 1 < d.values.size(); ++i) {
        if (u < d.weights[i]) return d.values[i];
        u -= d.weights[i];
      }
      return d.values.back();
    }
  }
  return d.mean;
}

double sample_length_biased_days(const scenario::Distribution& d, engine::RandomStream& stream) {
  using Kind = scenario::Distribution::Kind;
  switch (d.kind) {
    case Kind::exponential:  // an exponential biased by length is a gamma of shape 2
      return boost::random::gamma_distribution<double>(2.0, d.mean)(stream);
    case Kind::lognormal:  // a lognormal's log shifts by its variance
      return boost::random::lognormal_distribution<double>(d.log_mu + d.log_sigma * d.log_sigma,
                                                           d.log_sigma)(stream);
    case Kind::gamma:
      return boost::random::gamma_distribution<double>(d.shape + 1.0, d.scale)(stream);
    case Kind::fixed:
      return d.mean;
    case Kind::empirical: {
      if (!(d.mean > 0)) return 0.0;
      double u = stream.uniform01() * d.mean;  // weights times values sum to the mean
      for (std::size_t i = 0; i + 1 < d.values.size(); ++i) {
        const double w = d.weights[i] * d.values[i];
        if (u < w) return d.values[i];
        u -= w;
      }
      return d.values.back();
    }
  }
  return d.mean;
}

}  // namespace careflow::model
