#pragma once
// Is a level still rising? The least-squares slope of a daily series, and a one-sided test of
// whether it is above zero by a material amount, from independent replications (or, with one
// replication, from batch means of the series).
//
// With R >= 2 replications, each replication's slope is one independent, identically distributed
// estimate, whatever the autocorrelation within a replication, so the t interval of their mean is
// exact for normal slopes and good beyond. A level near saturation grows at very different rates
// in different replications, which widens that interval; so a sign test counts too: under "no
// material rise" at most half the replications would show one, and the count that did is tested
// against Binomial(R, 1/2). With one replication the series is cut into ten batches
// whose means are close to independent when the batches are long (the batch-means method), and
// the slope of the batch means is tested with 8 degrees of freedom.

#include <cstddef>
#include <span>
#include <vector>

namespace careflow::stats {

/// A year in days: the period of the seasonal terms the trend tests fit alongside the slope.
inline constexpr double kYearDays = 365.25;

/// The ordinary least-squares slope of `values` against 0, 1, 2, ... (per step); 0 with fewer
/// than two values. With `period` > 0 and at least a period of values, a sine and cosine of that
/// period are fitted with it, so that a seasonal cycle does not pass for a trend.
double least_squares_slope(std::span<const double> values, double period = 0.0);

struct TrendTest {
  double slope = 0;       ///< per step (per day for daily series): the estimate
  double lower = 0;       ///< the one-sided lower confidence bound of the slope
  std::size_t degrees_of_freedom = 0;
  std::size_t replications_rising = 0;  ///< replications whose own slope x steps reached the growth
  double sign_p_value = 1;              ///< P(at least that many | each has chance 1/2)
  bool rising = false;    ///< the level is still rising (either test; see above)
};

/// From one slope per replication (R >= 2): rising if the one-sided `level` lower bound of the
/// mean slope, times `steps`, reaches `material_growth`, or if so many replications' own growth
/// reaches it that the sign test's p-value is at most 1 - level.
TrendTest trend_from_replications(std::span<const double> slopes, double steps, double material_growth,
                                  double level = 0.99);

/// From one replication's series (at least 20 values): the same test on ten batch means (with
/// the seasonal terms when the series spans `period`).
TrendTest trend_from_batches(std::span<const double> values, double material_growth, double level = 0.99,
                             double period = 0.0);

/// MSER-5 (White 1997; White, Cobb and Spratt 2000): the truncation point, in observations, that
/// minimises the marginal standard error of the mean of the batch means of 5 observations that
/// remain. Only the first half of the series is searched (beyond it too few batches remain for
/// the statistic to mean much); a minimum at the end of that half means the series had not
/// settled by then.
struct Truncation {
  std::size_t observations = 0;  ///< observations to drop (a multiple of 5)
  bool settled = true;           ///< false: no truncation in the first half fits (see above)
};
Truncation mser5_truncation(std::span<const double> values);

}  // namespace careflow::stats
