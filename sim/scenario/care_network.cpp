#include "scenario/care_network.hpp"

#include <Eigen/Dense>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "scenario/distribution_moments.hpp"
#include "scenario/scenario_error.hpp"
#include "stats/erlang.hpp"
#include "stats/erlang_a.hpp"

namespace careflow::scenario {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

constexpr double kWorkingWeek = 7.0 / 5.0;    // calendar days per working day
constexpr double kMondayMorning = 10.0 / 24;  // weekend discharges wait until Monday 10:00
constexpr int kIterations = 5000;
constexpr double kDamping = 0.2;
constexpr double kConverged = 1e-12;
constexpr double kAttributionFloor = 0.0005;  // utilisation a cause must add to be named

// The squared coefficient of variation of a duration (for the M/G/c wait approximation).
double squared_cv(const Distribution& d) {
  using Kind = Distribution::Kind;
  switch (d.kind) {
    case Kind::exponential: return 1.0;
    case Kind::lognormal: return std::expm1(d.log_sigma * d.log_sigma);
    case Kind::gamma: return 1.0 / d.shape;
    case Kind::fixed: return 0.0;
    case Kind::empirical: {
      double second = 0;
      for (std::size_t i = 0; i < d.values.size(); ++i) second += d.weights[i] * d.values[i] * d.values[i];
      return d.mean > 0 ? second / (d.mean * d.mean) - 1.0 : 0.0;
    }
  }
  return 1.0;
}

// A pool: the places one queue draws on. Without the hub each service is its own pool; with it,
// the services of one pathway share one (as in the model).
struct Pool {
  std::string name;
  std::vector<std::size_t> services;
};

std::vector<Pool> pools_of(const Scenario& s, std::vector<std::size_t>& pool_of) {
  std::vector<Pool> pools;
  pool_of.assign(s.services.size(), 0);
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    std::size_t pool = pools.size();
    const bool hub = s.levers.transfer_of_care_hub && s.services[i].from_hospital;
    if (hub) {
      for (std::size_t k = 0; k < pools.size(); ++k) {
        const auto& first = s.services[pools[k].services.front()];
        if (first.from_hospital && first.pathway == s.services[i].pathway) pool = k;
      }
    }
    if (pool == pools.size()) {
      pools.push_back({hub ? std::string(kPathwayNames[static_cast<std::size_t>(s.services[i].pathway)]) + " hub"
                           : s.services[i].name,
                       {}});
    }
    pools[pool].services.push_back(i);
    pool_of[i] = pool;
  }
  return pools;
}

// Where the scenario's patients go and for how long, with every lever and mechanism in it.
class LoadModel {
 public:
  struct Switches {
    bool deconditioning = true;
    bool readmissions = true;
  };

  LoadModel(const Scenario& s, Switches switches) : s_(s), switches_(switches) {
    pools_ = pools_of(s, pool_of_);
    const std::size_t services = s.services.size();
    stay_.resize(services);
    work_.resize(services);
    for (std::size_t i = 0; i < services; ++i) {
      const auto& service = s.services[i];
      // Discharge to assess moves the needs assessment into the service stay.
      const double extra = s.levers.discharge_to_assess && service.from_hospital ? s.discharge.assessment_days : 0.0;
      stay_[i] = service.stay.mean + extra;
      work_[i] = !service.visits_per_day.empty() ? expected_visits(service.stay, service.visits_per_day, extra)
                 : service.package_hours         ? stay_[i] * service.package_hours->mean
                                                 : stay_[i];
    }
    for (const auto& g : s.groups) admissions_ += g.admissions_per_day;
    for (const auto& service : s.services) by_group_ = by_group_ || !service.by_group.empty();
    step_up_.assign(pools_.size(), {0.0, 0.0, 0.0});
    queue_rate_.assign(pools_.size(), -1.0);
    hold_ = stay_;
    hold_work_ = work_;
    solve();
  }

  std::vector<UnitLoad> loads() const;

 private:
  // Per admission: the share of patients that reach each service, and how many of each frailty
  // level queue at each pool (for the step-up chances).
  struct Routing {
    std::vector<double> to_service;
    std::vector<double> asked;  // patients who queue for each service, stepping up later or not
    std::vector<std::array<double, kFrailtyLevels>> queued;
    double needing_service = 0;  // P1-P3 patients per admission (after home first: the same)
  };

  Routing route(std::optional<std::size_t> group = {}) const;
  // Route classes: one (every group together), or each group when some unit routes groups apart.
  std::size_t classes() const { return by_group_ ? s_.groups.size() : 1; }
  const std::vector<std::pair<std::size_t, double>>& next_of(std::size_t unit, std::size_t c) const {
    return by_group_ ? s_.services[unit].next_for(c) : s_.services[unit].next;
  }
  const std::array<double, kServiceOutcomes>& outcomes_of(std::size_t unit, std::size_t c) const {
    return by_group_ ? s_.services[unit].outcomes_for(c) : s_.services[unit].outcomes;
  }
  double class_weight(std::size_t c, std::size_t unit) const;
  void route_one(Routing& r, Pathway pathway, std::size_t locality, std::size_t frailty, double mass) const;
  void solve();
  double step_up_rate(std::size_t frailty) const;
  Pathway pathway_of(std::size_t pool) const { return s_.services[pools_[pool].services.front()].pathway; }
  double acute_stay(std::optional<std::size_t> unit = {}) const;
  double hours_wait() const;
  double brokerage_factor(std::size_t unit) const;
  double move_days(std::size_t unit) const;
  double slot_wait() const;
  double reserved_hold_days() const;
  double discharge_lags() const;

  const Scenario& s_;
  Switches switches_;
  std::vector<Pool> pools_;
  std::vector<std::size_t> pool_of_;
  std::vector<double> stay_, work_;
  std::vector<double> hold_, hold_work_;  // stay and work with the time blocked waiting to move on
  // Places committed to people moving on from another unit before they arrive (its assessment,
  // brokerage and the slot wait): held idle, as both places are held meanwhile.
  std::vector<double> move_idle_;
  double admissions_ = 0;
  bool by_group_ = false;
  std::vector<std::vector<double>> class_arrivals_;  // by class, then unit (0: acute)
  std::vector<std::array<double, kFrailtyLevels>> step_up_;  // chance by pool and frailty
  // Solved:
  Routing routing_;
  double acute_arrivals_ = 0;
  std::vector<double> service_arrivals_;
  std::vector<double> pool_arrivals_, pool_load_, pool_places_, pool_wait_, pool_busy_;
  // Each pool's mean queue (patients), whether it grows without bound, and the mean time in its
  // queue of a patient who asks for it from an acute bed, by frailty (stepping up or not).
  std::vector<double> pool_queue_;
  std::vector<char> pool_grows_;
  std::vector<std::array<double, kFrailtyLevels>> asker_wait_;
  std::vector<double> queue_rate_;  // the mean rate of stepping up of those in each queue (-1: unset)
};

// A daily chance, as a rate (per day) of stepping up while waiting.
double LoadModel::step_up_rate(std::size_t frailty) const {
  const double chance = std::min(s_.discharge.deconditioning_per_day * s_.frailty.deconditioning_multiplier[frailty],
                                 1.0 - 1e-12);
  return -std::log1p(-chance);
}

void LoadModel::route_one(Routing& r, Pathway pathway, std::size_t locality, std::size_t frailty, double mass) const {
  if (mass == 0) return;
  const std::size_t service = s_.service_for(pathway, locality);
  if (service == s_.services.size()) return;  // the loader has made sure no patient is sent here
  const std::size_t pool = pool_of_[service];
  r.queued[pool][frailty] += mass;
  r.asked[service] += mass;
  double stays = mass;
  if (switches_.deconditioning && pathway != Pathway::P3) {
    const double moved = mass * step_up_[pool][frailty];
    stays -= moved;
    route_one(r, static_cast<Pathway>(static_cast<std::size_t>(pathway) + 1), locality, frailty, moved);
  }
  r.to_service[service] += stays;
}

// Per admission (of `group` alone, if given).
LoadModel::Routing LoadModel::route(std::optional<std::size_t> group) const {
  Routing r;
  r.to_service.assign(s_.services.size(), 0.0);
  r.asked.assign(s_.services.size(), 0.0);
  r.queued.assign(pools_.size(), {0.0, 0.0, 0.0});
  if (admissions_ == 0) return r;
  const double home_first = s_.levers.home_first ? s_.levers.home_first_share : 0.0;
  for (std::size_t gi = 0; gi < s_.groups.size(); ++gi) {
    const auto& g = s_.groups[gi];
    if (group && gi != *group) continue;
    const double weight = group ? 1.0 : g.admissions_per_day / admissions_;
    for (std::size_t l = 0; l < s_.localities.size(); ++l) {
      for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
        const double mass = weight * g.locality_shares[l] * g.frailty_shares[f];
        if (mass == 0) continue;
        for (std::size_t p = 1; p < kPathways; ++p) {
          const double share = mass * g.pathway_shares[p];
          if (share == 0) continue;
          r.needing_service += share;
          // Home first turns a share of P2/P3 decisions into P1 when the discharge process starts.
          const double moved = p >= 2 ? share * home_first : 0.0;
          route_one(r, Pathway::P1, l, f, moved);
          route_one(r, static_cast<Pathway>(p), l, f, share - moved);
        }
      }
    }
  }
  return r;
}

// A route class's share of a unit's arrivals, from the last iteration (at first, its share of
// admissions).
double LoadModel::class_weight(std::size_t c, std::size_t unit) const {
  if (!by_group_) return 1.0;
  if (!class_arrivals_.empty() && service_arrivals_[unit] > 0) {
    return class_arrivals_[c][unit + 1] / service_arrivals_[unit];
  }
  return admissions_ > 0 ? s_.groups[c].admissions_per_day / admissions_ : 0.0;
}

void LoadModel::solve() {
  const std::size_t services = s_.services.size();
  const auto units = static_cast<Eigen::Index>(services + 1);
  for (int iteration = 0; iteration < kIterations; ++iteration) {
    routing_ = route();
    double hold_change = 0;  // the holds depend on the waits and fullness of the last iteration
    // A unit's holding time: its stay, and for those moving on the wait for a place at the next
    // unit, its assessment and brokerage (longer as it fills) and the wait for a weekday slot, in
    // all of which they keep this one (blocking after service).
    for (std::size_t i = 0; i < services; ++i) {
      double blocked = 0;
      for (std::size_t c = 0; c < classes(); ++c) {
        const double w = class_weight(c, i);
        for (const auto& [to, share] : next_of(i, c)) blocked += w * share * move_days(to);
      }
      const auto& service = s_.services[i];
      // Damped like the step-ups: a wait near capacity swings with the load it lengthens.
      const double step = kDamping * (stay_[i] + blocked - hold_[i]);
      hold_change = std::max(hold_change, std::abs(step));
      hold_[i] += step;
      hold_work_[i] = work_[i] + (hold_[i] - stay_[i]) * service.held_after_stay();
    }
    // lambda = gamma + P^T lambda for each route class: the acute unit sends to_service[i] of its
    // admissions to each service; each service sends its readmission share back and its routes'
    // shares on. Step-up referrals (counted in the first group) arrive from outside.
    std::vector<std::vector<double>> class_arrivals(classes());
    for (std::size_t c = 0; c < classes(); ++c) {
      const Routing by_class = by_group_ ? route(c) : Routing{};
      const auto& to_service = by_group_ ? by_class.to_service : routing_.to_service;
      Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(units, units);
      Eigen::VectorXd external = Eigen::VectorXd::Zero(units);
      external(0) = by_group_ ? s_.groups[c].admissions_per_day : admissions_;
      for (std::size_t i = 0; i < services; ++i) {
        routing(0, static_cast<Eigen::Index>(i + 1)) = to_service[i];
        const double leaving = 1.0 - Service::share_of(next_of(i, c));
        if (switches_.readmissions) {
          routing(static_cast<Eigen::Index>(i + 1), 0) =
              leaving * outcomes_of(i, c)[static_cast<std::size_t>(ServiceOutcome::readmission)];
        }
        for (const auto& [to, share] : next_of(i, c)) {
          routing(static_cast<Eigen::Index>(i + 1), static_cast<Eigen::Index>(to + 1)) = share;
        }
        if (c == 0) external(static_cast<Eigen::Index>(i + 1)) = s_.services[i].step_up_per_day;
      }
      const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(units, units) - routing.transpose();
      const Eigen::VectorXd arrivals = system.fullPivLu().solve(external);
      class_arrivals[c].assign(arrivals.data(), arrivals.data() + arrivals.size());
    }
    class_arrivals_ = std::move(class_arrivals);
    acute_arrivals_ = 0;
    service_arrivals_.assign(services, 0.0);
    for (const auto& arrivals : class_arrivals_) {
      acute_arrivals_ += arrivals[0];
      for (std::size_t i = 0; i < services; ++i) service_arrivals_[i] += arrivals[i + 1];
    }
    move_idle_.assign(services, 0.0);
    for (std::size_t c = 0; c < classes(); ++c) {
      for (std::size_t i = 0; i < services; ++i) {
        for (const auto& [to, share] : next_of(i, c)) {
          const double wait = pool_wait_.empty() ? 0.0 : pool_wait_[pool_of_[to]];
          move_idle_[to] += class_arrivals_[c][i + 1] * share * (move_days(to) - wait);
        }
      }
    }

    // Each pool as an M/G/c queue: the chance of waiting, the mean wait (Allen-Cunneen: the
    // Markov queue's wait times (1 + cv^2) / 2), and the chance of stepping up while waiting.
    pool_arrivals_.assign(pools_.size(), 0.0);
    pool_load_.assign(pools_.size(), 0.0);
    pool_places_.assign(pools_.size(), 0.0);
    pool_wait_.assign(pools_.size(), 0.0);
    pool_busy_.assign(pools_.size(), 0.0);
    pool_queue_.assign(pools_.size(), 0.0);
    pool_grows_.assign(pools_.size(), 0);
    asker_wait_.assign(pools_.size(), {0.0, 0.0, 0.0});
    double change = 0;
    for (std::size_t k = 0; k < pools_.size(); ++k) {
      double cv2 = 0, from_acute = 0;
      for (std::size_t i : pools_[k].services) {
        const auto& service = s_.services[i];
        pool_arrivals_[k] += service_arrivals_[i];
        pool_load_[k] += service_arrivals_[i] * hold_[i] + move_idle_[i];
        from_acute += acute_arrivals_ * routing_.to_service[i];
        // Visits: the places are the visits a day over the visits a day of an average person.
        const double per_person = hold_work_[i] / hold_[i];
        pool_places_[k] += service.counts_people() ? service.capacity : service.capacity / per_person;
        cv2 += service_arrivals_[i] * squared_cv(service.stay);
      }
      cv2 = pool_arrivals_[k] > 0 ? cv2 / pool_arrivals_[k] : 1.0;
      const double variability = (1.0 + cv2) / 2.0;
      const int places = static_cast<int>(std::floor(pool_places_[k]));
      // Who joins the queue a day: patients in acute beds by frailty, each stepping up at its own
      // rate while they wait (none on the last pathway), and those who never step up (moving on
      // from another unit, referred from home), at rate 0.
      const bool steps_up = switches_.deconditioning && pathway_of(k) != Pathway::P3;
      std::array<double, kFrailtyLevels> asking{}, rate{};
      double patient = std::max(0.0, pool_arrivals_[k] - from_acute), stepping = 0, weighted_rate = 0;
      for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
        asking[f] = acute_arrivals_ * routing_.queued[k][f];
        rate[f] = steps_up ? step_up_rate(f) : 0.0;
        (rate[f] > 0 ? stepping : patient) += asking[f];
        weighted_rate += asking[f] * rate[f];
      }
      const double service_rate = pool_load_[k] > 0 ? pool_arrivals_[k] / pool_load_[k] : 0.0;
      std::array<double, kFrailtyLevels> chance{};
      if (pool_arrivals_[k] + stepping == 0) {
        pool_busy_[k] = 0.0;
      } else if (places < 1 || service_rate <= 0 || patient >= places * service_rate) {
        // Those who never step up alone fill every place: the queue grows as long as the run
        // lasts, and everyone who can steps up in the end.
        pool_busy_[k] = 1.0;
        pool_grows_[k] = 1;
        for (std::size_t f = 0; f < kFrailtyLevels; ++f) chance[f] = rate[f] > 0 ? 1.0 : 0.0;
      } else if (stepping == 0) {  // Erlang C
        pool_busy_[k] = stats::erlang_c(places, patient / service_rate);
        pool_wait_[k] = stats::mmc_mean_wait(places, patient, service_rate) * variability;
        pool_queue_[k] = patient * pool_wait_[k];
        asker_wait_[k].fill(pool_wait_[k]);
      } else {
        // Erlang A, at the mean rate of stepping up of those who join the queue: its steady
        // state exists at any load, as those who wait beyond capacity step up. The waits are
        // stretched by the Allen-Cunneen factor and the rates sped up by it, which keeps Erlang
        // C's M/G/c wait below capacity and the fluid limit (queue x rate = arrivals beyond
        // capacity) far above it.
        // The queue's mean rate: at first the joiners', then (damped, over the iterations) that of
        // those in the queue, where the patient outstay the rest (Little, class by class).
        const double joining = patient + stepping;
        if (queue_rate_[k] < 0) queue_rate_[k] = weighted_rate / joining;
        const stats::ErlangA queue(joining, service_rate, places, queue_rate_[k] * variability);
        pool_busy_[k] = queue.wait_chance();
        pool_wait_[k] = variability * queue.mean_wait(0.0);
        pool_queue_[k] = patient * pool_wait_[k];
        double in_queue_rate = 0;
        for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
          chance[f] = rate[f] > 0 ? queue.abandon_chance(rate[f] * variability) : 0.0;
          asker_wait_[k][f] = rate[f] > 0 ? variability * queue.mean_wait(rate[f] * variability) : pool_wait_[k];
          pool_queue_[k] += (rate[f] > 0 ? asking[f] * asker_wait_[k][f] : 0.0);
          in_queue_rate += (rate[f] > 0 ? asking[f] * asker_wait_[k][f] * rate[f] : 0.0);
        }
        if (pool_queue_[k] > 0) {
          const double step = kDamping * (in_queue_rate / pool_queue_[k] - queue_rate_[k]);
          change = std::max(change, std::abs(step) / std::max(queue_rate_[k], 1e-300));
          queue_rate_[k] += step;
        }
      }
      // Damped: the step-ups of one pool change the loads of the next, and a pool near capacity
      // would otherwise swing between sending everyone on and no one.
      for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
        const double next = step_up_[k][f] + kDamping * (chance[f] - step_up_[k][f]);
        change = std::max(change, std::abs(next - step_up_[k][f]));
        step_up_[k][f] = next;
      }
    }
    if (change < kConverged && hold_change < kConverged && iteration > 0) break;
  }
}

// Treatment until medically ready, then for P1-P3 the discharge process that is not done during
// treatment, the wait for a place, the weekend and the discharge hours.
// With `unit`, for the groups admitted to that acute unit alone (their wait for a place taken as
// the average patient's who needs one).
double LoadModel::acute_stay(std::optional<std::size_t> unit) const {
  double admissions = 0, needing = 0, needing_here = 0;
  for (const auto& g : s_.groups) {
    needing += g.admissions_per_day * (1.0 - g.pathway_shares[0]);
    if (unit && g.acute_unit != *unit) continue;
    admissions += g.admissions_per_day;
    needing_here += g.admissions_per_day * (1.0 - g.pathway_shares[0]);
  }
  if (admissions == 0) return 0.0;
  const auto& levers = s_.levers;
  const double lags = discharge_lags();
  const double weekend_wait = slot_wait() - hours_wait();
  double treatment = 0, after_ready = 0;
  for (const auto& g : s_.groups) {
    if (unit && g.acute_unit != *unit) continue;
    const double weight = g.admissions_per_day / admissions;
    const double needs_service = 1.0 - g.pathway_shares[0];
    for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
      const double m = s_.frailty.stay_multiplier[f];
      const double share = weight * g.frailty_shares[f];
      treatment += share * m * g.stay.mean;
      double process = lags;
      if (levers.planning_start && m > 0) {
        // Planning starts edd days after admission; a stay S (x m) ends before it or not:
        // E[process] = lags P(mS < edd) + E[max(0, edd + lags - mS); mS >= edd].
        const double edd = levers.edd_set_after_days / m, end = (levers.edd_set_after_days + lags) / m;
        const double before = 1.0 - survival(g.stay, edd);
        const double covered_before = covered_days(g.stay, 0.0, edd) - edd * survival(g.stay, edd);
        const double overlap = m * (expected_shortfall(g.stay, end) - (end * before - covered_before));
        process = lags * before + overlap;
      }
      after_ready += share * needs_service * (process + weekend_wait);
    }
  }
  double waiting = 0;  // per admission, over every group: in the queue, stepping up or not
  for (std::size_t k = 0; k < pools_.size(); ++k) {
    for (std::size_t f = 0; f < kFrailtyLevels; ++f) waiting += routing_.queued[k][f] * asker_wait_[k][f];
  }
  for (std::size_t i = 0; i < s_.services.size(); ++i) {
    waiting += routing_.to_service[i] * s_.discharge.brokerage_days * (brokerage_factor(i) - 1.0);
  }
  if (unit) waiting *= needing > 0 ? (needing_here / admissions) / (needing / admissions_) : 0.0;
  return treatment + after_ready + waiting + hours_wait();
}

// Capacity reservation: per P1-P3 patient, the days a place is held idle before they arrive. With
// planning, a patient of stay S (times the frailty multiplier) is prepared at T = edd + lags after
// admission and leaves at max(S, T) plus the slot wait; the place is reserved at S - ahead (the
// expected discharge date, whose error averages out) but not before planning starts at edd:
// held = max(S, T) + slot - max(S - ahead, edd), for the patients with S >= edd (planned before
// they were ready). Reservation succeeds only when a place is free then (the caller's factor).
double LoadModel::reserved_hold_days() const {
  const auto& levers = s_.levers;
  const double lags = discharge_lags();
  const double edd = levers.edd_set_after_days, ahead = levers.reserve_days_ahead, slot = slot_wait();
  double held = 0, needing = 0;
  for (const auto& g : s_.groups) {
    for (std::size_t f = 0; f < kFrailtyLevels; ++f) {
      const double m = s_.frailty.stay_multiplier[f];
      const double share = g.admissions_per_day / admissions_ * g.frailty_shares[f] * (1.0 - g.pathway_shares[0]);
      needing += share;
      if (share == 0 || m <= 0) continue;
      held += share * expectation(
                          g.stay,
                          [&](double stay) {
                            const double s = m * stay;
                            return std::max(s, edd + lags) + slot - std::max(s - ahead, edd);
                          },
                          edd / m);
    }
  }
  return needing > 0 ? held / needing : 0.0;
}

// The brokerage multiplier of a unit at its pool's utilisation of the last iteration.
double LoadModel::brokerage_factor(std::size_t unit) const {
  const auto& service = s_.services[unit];
  if (service.brokerage_curve.empty() || pool_places_.empty()) return 1.0;
  const std::size_t k = pool_of_[unit];
  const double used = pool_places_[k] > 0 ? std::min(1.0, pool_load_[k] / pool_places_[k]) : 1.0;
  return service.brokerage_factor(used);
}

// Moving on to `unit` from another: the wait for a place there, its own assessment (working
// days) and brokerage, and the wait for a discharge slot (weekdays, discharge hours).
double LoadModel::move_days(std::size_t unit) const {
  const auto& service = s_.services[unit];
  const double wait = pool_wait_.empty() ? 0.0 : pool_wait_[pool_of_[unit]];
  const double assessment = s_.levers.trusted_assessor ? 0.0 : service.assessment_days * kWorkingWeek;
  return wait + assessment + service.brokerage_days * brokerage_factor(unit) + slot_wait();
}

// Referral, assessments and brokerage as the levers leave them, in calendar days.
double LoadModel::discharge_lags() const {
  const auto& d = s_.discharge;
  const auto& levers = s_.levers;
  return d.referral_lag_days + (levers.discharge_to_assess ? 0.0 : d.assessment_days) +
         (levers.trusted_assessor ? 0.0 : d.provider_assessment_days * kWorkingWeek) + d.brokerage_days;
}

// A discharge due outside the discharge hours waits for the next morning: on average the square
// of the closed hours over twice a day's.
double LoadModel::hours_wait() const {
  const double closed = 24.0 - (s_.discharge.last_hour - s_.discharge.first_hour);
  return closed * closed / (2.0 * 24.0) / 24.0;
}

// The wait from "can leave" to the discharge slot for a P1-P3 patient: the discharge hours, and
// without seven-day working a weekend (2 days in 7, most of them until Monday morning).
double LoadModel::slot_wait() const {
  const double weekend = s_.levers.seven_day_working
                             ? 0.0
                             : 2.0 / 7.0 * (1.0 - s_.discharge.weekend_discharge_share) * (1.0 + kMondayMorning);
  return weekend + hours_wait();
}

std::vector<UnitLoad> LoadModel::loads() const {
  std::vector<UnitLoad> out;
  UnitLoad acute;
  acute.unit = "acute";
  acute.arrivals_per_day = acute_arrivals_;
  acute.mean_stay_days = acute_stay();
  acute.offered_load = acute_arrivals_ * acute.mean_stay_days;
  acute.demand_load = acute.offered_load;
  acute.capacity = s_.acute_beds();
  acute.counted_in = "beds";
  out.push_back(acute);

  // Reservation: a place is reserved reserve_days_ahead before the expected discharge date for
  // patients whose planning started before they were ready, when a place is free then.
  std::vector<double> idle_days(s_.services.size(), 0.0);  // per arrival at the service
  if (s_.levers.planning_start && s_.levers.capacity_reservation && admissions_ > 0) {
    const double hold = reserved_hold_days();
    for (std::size_t i = 0; i < s_.services.size(); ++i) idle_days[i] = hold * (1.0 - pool_busy_[pool_of_[i]]);
  }
  for (std::size_t i = 0; i < s_.services.size(); ++i) {
    const auto& service = s_.services[i];
    UnitLoad u;
    u.unit = service.name;
    u.arrivals_per_day = service_arrivals_[i];
    u.mean_stay_days = hold_[i];
    const double first_week = service.mean_place_size();
    u.held_idle = (service_arrivals_[i] * idle_days[i] + move_idle_[i]) * first_week;
    u.offered_load = service_arrivals_[i] * hold_work_[i] + u.held_idle;
    // Everyone who asks for a place, had none stepped up while waiting (the arrivals of the
    // traffic equations scaled by asked / served).
    const double asked = routing_.to_service[i] > 0 ? routing_.asked[i] / routing_.to_service[i] : 1.0;
    u.demand_load = routing_.to_service[i] > 0
                        ? service_arrivals_[i] * asked * hold_work_[i] + u.held_idle
                        : service_arrivals_[i] * hold_work_[i] + acute_arrivals_ * routing_.asked[i] * work_[i];
    u.capacity = service.capacity;
    u.queue = pool_queue_[pool_of_[i]];
    u.queue_grows = pool_grows_[pool_of_[i]] != 0;
    u.counted_in = !service.visits_per_day.empty() ? "visits a day"
                   : service.package_hours             ? "hours a week"
                   : !service.from_hospital            ? "places"
                   : service.pathway == Pathway::P1    ? "people"
                                                       : "beds";
    u.in_hub = s_.levers.transfer_of_care_hub && service.from_hospital;
    for (std::size_t c = 0; c < classes(); ++c) {
      const double arrivals = class_arrivals_[c][i + 1];
      for (const auto& [to, share] : next_of(i, c)) {
        auto found = std::find_if(u.moves_per_day.begin(), u.moves_per_day.end(),
                                  [to = to](const auto& move) { return move.first == to; });
        if (found == u.moves_per_day.end()) {
          u.moves_per_day.emplace_back(to, arrivals * share);
        } else {
          found->second += arrivals * share;
        }
      }
      const double leaving = 1.0 - Service::share_of(next_of(i, c));
      for (std::size_t o = 0; o < kServiceOutcomes; ++o) u.leaves_per_day[o] += arrivals * leaving * outcomes_of(i, c)[o];
    }
    out.push_back(u);
  }
  if (s_.levers.transfer_of_care_hub) {
    for (const auto& pool : pools_) {
      if (!s_.services[pool.services.front()].from_hospital) continue;  // a unit of its own, not a hub
      UnitLoad u;
      u.unit = pool.name;
      u.hub = true;
      u.queue = out[pool.services.front() + 1].queue;
      u.queue_grows = out[pool.services.front() + 1].queue_grows;
      for (std::size_t i : pool.services) {
        const auto& member = out[i + 1];
        u.arrivals_per_day += member.arrivals_per_day;
        u.held_idle += member.held_idle;
        u.offered_load += member.offered_load;
        u.demand_load += member.demand_load;
        u.capacity += member.capacity;
        u.counted_in = member.counted_in;
      }
      u.mean_stay_days = u.arrivals_per_day > 0 ? (u.offered_load - u.held_idle) / u.arrivals_per_day : 0.0;
      out.push_back(u);
    }
  }
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (!out[i].in_hub && out[i].queue_grows) out[0].blocked_by.push_back(out[i].unit);
  }
  // The admission queue grows when the beds are over capacity or fill behind a unit whose queue
  // grows; a unit that turns patients away when full has no admission queue to grow.
  auto admission_queue_grows = [](const UnitLoad& beds, bool turns_away) {
    return !turns_away && (beds.utilisation() >= kLoadFlag || !beds.blocked_by.empty());
  };
  out[0].queue_grows = admission_queue_grows(
      out[0], std::all_of(s_.acute_units.begin(), s_.acute_units.end(),
                          [](const auto& unit) { return unit.turn_away_when_full; }));
  // Several acute units: each its own row, last ("acute medicine"), its groups' admissions and
  // the readmissions in the same proportion.
  if (s_.acute_units.size() > 1) {
    for (std::size_t k = 0; k < s_.acute_units.size(); ++k) {
      double admitted_here = 0;
      for (const auto& g : s_.groups) admitted_here += g.acute_unit == k ? g.admissions_per_day : 0.0;
      UnitLoad u;
      u.unit = "acute " + s_.acute_units[k].name;
      u.acute_unit = true;
      u.arrivals_per_day = admissions_ > 0 ? acute_arrivals_ * admitted_here / admissions_ : 0.0;
      u.mean_stay_days = acute_stay(k);
      u.offered_load = u.arrivals_per_day * u.mean_stay_days;
      u.demand_load = u.offered_load;
      u.capacity = s_.acute_units[k].beds;
      u.counted_in = "beds";
      u.blocked_by = out[0].blocked_by;
      u.queue_grows = admission_queue_grows(u, s_.acute_units[k].turn_away_when_full);
      out.push_back(u);
    }
  }
  return out;
}

// Every unit must reach the exit: a search backwards from it over the routes.
void check_every_unit_can_be_left(const Scenario& s) {
  const std::size_t units = 1 + s.services.size();
  const std::size_t exit = units;
  Graph graph(units + 1);
  bool acute_to_exit = false;
  for (const auto& g : s.groups) acute_to_exit = acute_to_exit || g.pathway_shares[0] > 0 || g.admissions_per_day == 0;
  if (acute_to_exit || s.groups.empty()) boost::add_edge(0, exit, graph);
  for (std::size_t v = 1; v < units; ++v) {
    const auto& service = s.services[v - 1];
    if (service.from_hospital) boost::add_edge(0, v, graph);
    // A service's leavers end at home, a care home, death or readmission, but for the share that
    // moves on to the next units.
    const std::size_t groups = service.by_group.empty() ? 1 : service.by_group.size();
    for (std::size_t g = 0; g < groups; ++g) {
      if (service.next_share_for(g) < 1.0 - 1e-9) boost::add_edge(v, exit, graph);
      for (const auto& [to, share] : service.next_for(g)) boost::add_edge(v, to + 1, graph);
    }
  }
  std::vector<boost::default_color_type> colour(units + 1, boost::white_color);
  const auto reversed = boost::make_reverse_graph(graph);
  boost::breadth_first_search(
      reversed, exit,
      boost::color_map(boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, reversed))));
  for (std::size_t v = 0; v < units; ++v) {
    if (colour[v] == boost::white_color) {
      const std::string name = v == 0 ? "acute" : "services." + s.services[v - 1].name;
      throw ScenarioError(s.file, 0, name,
                          v == 0 ? "no patient can leave this unit"
                                 : "no patient can leave this unit: its `next` routes send everyone on, round a "
                                   "cycle with no exit");
    }
  }
}

// What each lever (and deconditioning, and readmissions) adds: the loads without it, subtracted.
void attribute(const Scenario& s, std::vector<UnitLoad>& loads) {
  auto add_cause = [&](const std::string& cause, const std::vector<UnitLoad>& without) {
    for (std::size_t i = 0; i < loads.size() && i < without.size(); ++i) {
      if (loads[i].capacity <= 0) continue;
      const double added = (loads[i].demand_load - without[i].demand_load) / loads[i].capacity;
      if (added > kAttributionFloor) loads[i].raised_by.emplace_back(cause, added);
    }
  };
  const std::array<std::pair<const char*, bool Levers::*>, 7> levers{{
      {"planning start", &Levers::planning_start},
      {"capacity reservation", &Levers::capacity_reservation},
      {"discharge to assess", &Levers::discharge_to_assess},
      {"trusted assessor", &Levers::trusted_assessor},
      {"seven-day working", &Levers::seven_day_working},
      {"home first", &Levers::home_first},
      {"transfer of care hub", &Levers::transfer_of_care_hub},
  }};
  for (const auto& [name, lever] : levers) {
    if (!(s.levers.*lever) || lever == &Levers::transfer_of_care_hub) continue;  // the hub pools, adds nothing
    Scenario without = s;
    without.levers.*lever = false;
    add_cause(name, LoadModel(without, {}).loads());
  }
  if (s.discharge.deconditioning_per_day > 0) add_cause("deconditioning", LoadModel(s, {.deconditioning = false}).loads());
  add_cause("readmissions", LoadModel(s, {.readmissions = false}).loads());
  for (auto& load : loads) {
    std::sort(load.raised_by.begin(), load.raised_by.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
  }
}

}  // namespace

std::vector<UnitLoad> offered_loads(const Scenario& s, bool with_causes) {
  check_every_unit_can_be_left(s);
  auto loads = LoadModel(s, {}).loads();
  if (with_causes) attribute(s, loads);
  return loads;
}

AdmissionFates admission_fates(const Scenario& s) { return admission_fates(offered_loads(s, false)); }

AdmissionFates admission_fates(const std::vector<UnitLoad>& loads) {
  const double admissions = loads.front().arrivals_per_day;  // every acute unit's
  AdmissionFates fates;
  if (!(admissions > 0)) return fates;
  for (const auto& load : loads) {
    fates.readmitted += load.leaves_per_day[static_cast<std::size_t>(ServiceOutcome::readmission)] / admissions;
    fates.died += load.leaves_per_day[static_cast<std::size_t>(ServiceOutcome::death)] / admissions;
  }
  return fates;
}

bool needs_attention(const UnitLoad& load) {
  return !load.in_hub && (std::max(load.utilisation(), load.demand_utilisation()) >= kLoadWarning ||
                          !load.blocked_by.empty());
}

}  // namespace careflow::scenario
