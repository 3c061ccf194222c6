#include "model/population.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "model/arrival_profile.hpp"

namespace careflow::model {

using engine::Tick;

namespace {

// An envelope this much above the clock's rate: raised again only after the rate has grown by it.
constexpr double kEnvelopeHeadroom = 1.05;
constexpr engine::Priority kPopulationPriority = 3;  // with new arrivals (care_system_internals.hpp)

engine::RandomStream stream_for(engine::StreamId base, std::uint32_t purpose) {
  base.purpose = purpose;
  return engine::RandomStream(base);
}

}  // namespace

Population::Population(const scenario::PopulationSpec& spec, const scenario::ArrivalProfile& profile,
                       engine::StreamId stream_base, std::uint32_t first_purpose, engine::EventKind first_kind,
                       double run_days)
    : spec_(spec),
      profile_(profile),
      first_kind_(first_kind),
      bands_(spec.bands()),
      localities_(spec.residents.size()),
      clock_stream_(stream_for(stream_base, first_purpose + kClockStream)),
      pick_stream_(stream_for(stream_base, first_purpose + kPickStream)),
      extra_risk_stream_(stream_for(stream_base, first_purpose + kExtraRiskStream)),
      birth_stream_(stream_for(stream_base, first_purpose + kBirthStream)),
      initial_stream_(stream_for(stream_base, first_purpose + kInitialStream)) {
  if (localities_ > 255) throw std::length_error("a population has at most 255 localities");
  const std::size_t cells = localities_ * bands_ * scenario::kSexes * scenario::kFrailtyLevels;
  members_.resize(cells);
  admission_hazard_.resize(cells);
  death_hazard_.resize(cells);
  worsening_hazard_.resize(cells);
  admission_ = WeightedCells(cells);
  dying_ = WeightedCells(cells);
  worsening_ = WeightedCells(cells);

  // Frailty ratios are relative to the band's people as a whole: the band's mean hazard stays
  // the age profile's.
  std::vector<double> admission_norm(bands_), death_norm(bands_);
  for (std::size_t b = 0; b < bands_; ++b) {
    for (std::size_t f = 0; f < scenario::kFrailtyLevels; ++f) {
      admission_norm[b] += spec.frailty_shares[b][f] * spec.frailty_admission_ratio[f];
      death_norm[b] += spec.frailty_shares[b][f] * spec.frailty_death_ratio[f];
    }
  }
  for (std::size_t l = 0; l < localities_; ++l) {
    for (std::size_t b = 0; b < bands_; ++b) {
      for (std::size_t s = 0; s < scenario::kSexes; ++s) {
        for (std::size_t f = 0; f < scenario::kFrailtyLevels; ++f) {
          const std::size_t c = cell(l, b, s, f);
          admission_hazard_[c] = spec.admission_rate[b][s] * spec.frailty_admission_ratio[f] / admission_norm[b] /
                                 kDaysPerYear;
          death_hazard_[c] = spec.death_rate[b][s] * spec.frailty_death_ratio[f] / death_norm[b] / kDaysPerYear;
          worsening_hazard_[c] = f + 1 < scenario::kFrailtyLevels ? spec.frailty_worsening[b][f] / kDaysPerYear : 0;
        }
      }
    }
  }

  // The residents, each with a frailty drawn from their band's shares at the start.
  const double people = spec.people();
  const double years = run_days / kDaysPerYear;  // room for the run's births: the table never moves
  // (Births are random: a fifth more than expected, and a thousand.)
  const auto room = static_cast<std::size_t>(people * (1 + 1.2 * spec.births_per_1000 / 1000 * years)) + 1000;
  people_.reserve(room);
  for (std::size_t l = 0; l < localities_; ++l) {
    for (std::size_t s = 0; s < scenario::kSexes; ++s) {
      for (int a = 0; a <= scenario::kOldestAge; ++a) {
        const auto n = static_cast<std::uint64_t>(spec.residents[l][s][static_cast<std::size_t>(a)]);
        const auto& shares = spec.frailty_shares[spec.band_of(a)];
        for (std::uint64_t i = 0; i < n; ++i) {
          const double u = initial_stream_.uniform01();
          const std::size_t f = u < shares[0] ? 0 : u < shares[0] + shares[1] ? 1 : 2;
          add_person(a, s, f, l);
        }
      }
    }
  }
  // Cell lists as long as they need to be, with a little room: the person table's bytes stay few.
  for (auto& list : members_) {
    list.shrink_to_fit();
    list.reserve(list.size() + list.size() / 64 + 16);
  }
  birth_locality_shares_.resize(localities_);
  for (std::size_t l = 0; l < localities_; ++l) {
    for (const auto& sex : spec.residents[l]) birth_locality_shares_[l] += std::accumulate(sex.begin(), sex.end(), 0.0);
    birth_locality_shares_[l] /= people;
  }
  births_per_day_ = spec.births_per_1000 / 1000 * people / kDaysPerYear;
}

PersonId Population::add_person(int age, std::size_t sex, std::size_t frailty, std::size_t locality) {
  if (people_.size() >= kNoPerson) throw std::length_error("too many residents for 32-bit person ids");
  const auto p = static_cast<PersonId>(people_.size());
  if (people_.size() == people_.capacity()) people_.reserve(people_.size() + people_.size() / 16 + 16);
  people_.push_back({0, 0, static_cast<std::uint8_t>(locality), 0, static_cast<std::uint8_t>(age),
                     static_cast<std::uint8_t>(sex | (frailty << 1)), 0});
  join_cell(p);
  return p;
}

std::size_t Population::cell_of(PersonId p) const {
  const Person& person = people_[p];
  return cell(person.locality, spec_.band_of(person.age), person.traits & 1U, (person.traits >> 1) & 3U);
}

void Population::join_cell(PersonId p) {
  const std::size_t c = cell_of(p);
  auto& list = members_[c];
  if (list.size() > kMaxSlot) throw std::length_error("a cell of more than 16.7 million residents");
  // Lists that grow (births, people ageing into a band) grow by an eighth, not double.
  if (list.size() == list.capacity()) list.reserve(list.size() + list.size() / 8 + 16);
  set_slot(p, static_cast<std::uint32_t>(list.size()));
  list.push_back(p);
  admission_.add(c, admission_hazard_[c]);
  dying_.add(c, death_hazard_[c]);
  worsening_.add(c, worsening_hazard_[c]);
}

void Population::leave_cell(PersonId p) {
  const std::size_t c = cell_of(p);
  auto& list = members_[c];
  const PersonId last = list.back();
  const std::uint32_t position = slot(p);
  list[position] = last;
  set_slot(last, position);
  list.pop_back();
  admission_.add(c, -admission_hazard_[c]);
  dying_.add(c, -death_hazard_[c]);
  worsening_.add(c, -worsening_hazard_[c]);
}

std::size_t Population::at_home() const {
  std::size_t n = 0;
  for (const auto& list : members_) n += list.size();
  return n;
}

PersonId Population::pick(WeightedCells& rates, engine::RandomStream& stream) {
  const std::size_t c = rates.find(stream.uniform01() * rates.total());
  const auto& list = members_[c];
  if (list.empty()) return kNoPerson;  // only through rounding of an all-but-empty population
  const auto i = std::min(list.size() - 1, static_cast<std::size_t>(stream.uniform01() * static_cast<double>(list.size())));
  return list[i];
}

void Population::take_into_care(PersonId p) {
  leave_cell(p);
  set_state(p, State::in_care);
  if (people_[p].admissions < 255) ++people_[p].admissions;
}

PersonId Population::take_into_care_by_admission_rate(const std::function<bool(PersonId)>& fits) {
  constexpr int kTries = 1'000'000;
  for (int i = 0; i < kTries; ++i) {
    const PersonId p = pick(admission_, initial_stream_);
    if (p == kNoPerson) break;
    if (!fits(p)) continue;
    take_into_care(p);
    return p;
  }
  throw std::logic_error("no resident at home could be one of the people in care at the start");
}

void Population::calibrate(double other_share, double home_share) {
  const double extra = spec_.readmission_extra_risk * home_share;
  const double first_admissions = spec_.admissions_per_year * std::max(0.0, 1 - other_share - extra);
  const double rate_now = admission_.total() * kDaysPerYear;
  if (rate_now <= 0) throw std::logic_error("a population with no one at risk of admission");
  level_ = first_admissions / rate_now;
}

double Population::clock_rate(Clock clock) const {
  switch (clock) {
    case kAdmitting: return level_ * admission_.total();
    case kDying: return dying_.total();
    default: return worsening_.total();
  }
}

void Population::start(engine::LpContext& context) {
  for (std::size_t k = 0; k < kClocks; ++k) {
    envelope_[k] = clock_rate(static_cast<Clock>(k)) * kEnvelopeHeadroom;
    rearm(static_cast<Clock>(k), context);
  }
  if (births_per_day_ > 0) {
    boost::random::exponential_distribution<double> gap(births_per_day_);
    context.schedule(engine::ticks_from_days(gap(birth_stream_)), first_kind_ + kBirthClock, 0, kPopulationPriority);
  }
  context.schedule(engine::kTicksPerDay, first_kind_ + kBirthday, 0, kPopulationPriority);
}

// The admission clock runs at the envelope times the arrival profile, which is constant between
// profile changes (each hour): a gap is drawn at the segment's rate, and one that runs past the
// segment's end is drawn again from there (the process is memoryless), so the profile needs no
// thinning. The other clocks run at their envelope.
void Population::rearm(Clock clock, engine::LpContext& context) {
  ++ticket_[clock];
  if (envelope_[clock] <= 0) return;  // nobody at risk: the clock is re-armed when someone is
  const Kind kind = clock == kAdmitting ? kAdmissionClock : clock == kDying ? kDeathClock : kWorseningClock;
  boost::random::exponential_distribution<double> unit(1.0);
  Tick t = context.now();
  if (clock != kAdmitting) {
    t = engine::later_by(t, engine::ticks_from_days(unit(clock_stream_) / envelope_[clock]));
  } else {
    for (;;) {
      const Tick segment_end = next_profile_change(profile_, t);
      const double rate = envelope_[clock] * arrival_factor(profile_, t);
      if (rate > 0) {
        const Tick candidate = engine::later_by(t, engine::ticks_from_days(unit(clock_stream_) / rate));
        if (candidate < segment_end) {
          t = candidate;
          break;
        }
      }
      t = segment_end;
      if (t >= engine::kTickNever) break;
    }
  }
  if (t >= engine::kTickNever) return;
  context.schedule_at(t, first_kind_ + kind, ticket_[clock], kPopulationPriority);
}

// Thinning stays exact only while the envelope bounds the rate: when the rate outgrows it, a
// higher envelope takes over from now (the process is memoryless, so the pending candidate is
// dropped and a fresh one drawn).
void Population::check_envelope(Clock clock, engine::LpContext& context) {
  const double rate = clock_rate(clock);
  if (rate <= envelope_[clock]) return;
  envelope_[clock] = rate * kEnvelopeHeadroom;
  rearm(clock, context);
}

bool Population::accept(Clock clock) {
  return clock_stream_.uniform01() * envelope_[clock] < clock_rate(clock);
}

PersonId Population::handle(const engine::Event& event, engine::LpContext& context) {
  const auto kind = static_cast<Kind>(event.kind - first_kind_);
  if (kind == kAdmissionClock || kind == kDeathClock || kind == kWorseningClock) {
    const Clock clock = kind == kAdmissionClock ? kAdmitting : kind == kDeathClock ? kDying : kWorsening;
    if (event.payload != ticket_[clock]) return kNoPerson;  // superseded by a higher envelope
    const bool accepted = accept(clock);
    PersonId chosen = kNoPerson;
    if (accepted) {
      WeightedCells& rates = clock == kAdmitting ? admission_ : clock == kDying ? dying_ : worsening_;
      chosen = pick(rates, pick_stream_);
    }
    rearm(clock, context);
    if (chosen == kNoPerson) return kNoPerson;
    if (clock == kAdmitting) {
      take_into_care(chosen);
      ++counts_.admissions;
      return chosen;
    }
    leave_cell(chosen);
    if (clock == kDying) {
      set_state(chosen, State::dead);
      ++dead_;
      ++counts_.deaths_at_home;
    } else {
      people_[chosen].traits = static_cast<std::uint8_t>(people_[chosen].traits + 2);  // one frailty level up
      join_cell(chosen);
      ++counts_.frailty_worsened;
      check_envelope(kAdmitting, context);
      check_envelope(kDying, context);
    }
    return kNoPerson;
  }
  if (kind == kExtraRisk) {
    const auto p = static_cast<PersonId>(event.payload & 0xffffffffU);
    const auto admissions_then = static_cast<std::uint8_t>(event.payload >> 32);
    // Only if nothing has happened to them since: still at home, and not admitted meanwhile.
    if (state(p) != State::home || people_[p].admissions != admissions_then) return kNoPerson;
    take_into_care(p);
    ++counts_.admissions;
    ++counts_.extra_readmissions;
    return p;
  }
  if (kind == kBirthClock) {
    const double u = birth_stream_.uniform01();
    const std::size_t sex = u < spec_.male_share_of_births ? 1 : 0;
    std::size_t l = 0;
    double v = birth_stream_.uniform01();
    while (l + 1 < localities_ && v >= birth_locality_shares_[l]) v -= birth_locality_shares_[l++];
    add_person(0, sex, 0, l);
    ++counts_.births;
    for (std::size_t k = 0; k < kClocks; ++k) check_envelope(static_cast<Clock>(k), context);
    boost::random::exponential_distribution<double> gap(births_per_day_);
    context.schedule(engine::ticks_from_days(gap(birth_stream_)), first_kind_ + kBirthClock, 0, kPopulationPriority);
    return kNoPerson;
  }
  birthday(context);
  return kNoPerson;
}

// Birthdays are spread over the year: the residents in runs of kBirthdayRun rows share one,
// a 365th of the runs each day, so that ageing into older bands keeps pace with deaths instead
// of coming all at once, and a day's birthdays touch whole cache lines, not one row in 365.
void Population::birthday(engine::LpContext& context) {
  const auto day = static_cast<std::size_t>(context.now() / engine::kTicksPerDay);
  for (std::size_t run = day % kBirthdayCycle; run * kBirthdayRun < people_.size(); run += kBirthdayCycle) {
    const std::size_t end = std::min(people_.size(), (run + 1) * kBirthdayRun);
    for (std::size_t p = run * kBirthdayRun; p < end; ++p) {
      const auto person = static_cast<PersonId>(p);
      const int age = people_[p].age;
      if (state(person) == State::dead || age >= scenario::kOldestAge) continue;
      const bool home = state(person) == State::home;
      const bool moves = spec_.band_of(age + 1) != spec_.band_of(age);
      if (home && moves) leave_cell(person);
      ++people_[p].age;
      if (home && moves) join_cell(person);
    }
  }
  for (std::size_t k = 0; k < kClocks; ++k) check_envelope(static_cast<Clock>(k), context);
  context.schedule(engine::kTicksPerDay, first_kind_ + kBirthday, 0, kPopulationPriority);
}

// The extra hazard after a discharge is a exp(-t / tau), with a tau = -ln(1 - extra risk): its
// first event comes at -tau ln(1 - E / (a tau)) for E ~ Exp(1) when E < a tau, else never.
void Population::back_home(PersonId p, engine::LpContext& context) {
  if (state(p) != State::in_care) throw std::logic_error("a resident came home who was not in care");
  set_state(p, State::home);
  join_cell(p);
  const auto day = context.now() / engine::kTicksPerDay + 1;
  people_[p].last_discharge_day = static_cast<std::uint16_t>(std::min<Tick>(day, 0xffff));
  check_envelope(kAdmitting, context);
  check_envelope(kDying, context);
  check_envelope(kWorsening, context);
  if (spec_.readmission_extra_risk <= 0) return;
  const double total = -std::log1p(-spec_.readmission_extra_risk);  // a tau
  boost::random::exponential_distribution<double> unit(1.0);
  const double e = unit(extra_risk_stream_);
  if (e >= total) return;
  const double days = -spec_.readmission_decay_days * std::log1p(-e / total);
  context.schedule(engine::ticks_from_days(days), first_kind_ + kExtraRisk,
                   (std::uint64_t{people_[p].admissions} << 32) | p, kPopulationPriority);
}

void Population::died_in_care(PersonId p) {
  if (state(p) != State::in_care) throw std::logic_error("a resident died in care who was not in care");
  set_state(p, State::dead);
  ++dead_;
  ++counts_.deaths_in_care;
}

double Population::bytes_per_person() const {
  double bytes = static_cast<double>(people_.capacity()) * sizeof(Person);
  for (const auto& list : members_) bytes += static_cast<double>(list.capacity()) * sizeof(PersonId);
  return bytes / static_cast<double>(std::max<std::size_t>(1, alive()));
}

}  // namespace careflow::model
