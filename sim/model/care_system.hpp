#pragma once
// One care system as a logical process: admissions from patient groups, the acute unit and its
// admission (ED) queue, discharge on pathways P0-P3 through referral, assessment and brokerage,
// and community services in pools with their own queues. A medically ready patient who cannot
// leave yet keeps the acute bed (blocking after service). The pull levers (scenario::Levers)
// change when the discharge steps happen and who waits where; see docs/model.md.

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "engine/logical_process.hpp"
#include "engine/rank_exchange.hpp"
#include "engine/random_stream.hpp"
#include "engine/ring_queue.hpp"
#include "model/population.hpp"
#include "model/replication_result.hpp"
#include "model/time_average.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

struct ModelOptions {
  bool keep_patient_records = false;
  bool keep_daily_series = false;
  bool keep_event_log = false;
  /// Called after every event (tests use it to check invariants at every instant).
  std::function<void(const class CareSystem&)> after_event;
  /// A run of several care systems calls this as it goes, with the share of the run done since
  /// the last call (for a progress display; from the thread running the replication).
  std::function<void(double)> progress;
  /// A run of several care systems: group them by region, one block of logical processes each
  /// (the engine's partition; results are the same either way).
  bool block_by_region = false;
  /// Asked at the end of every simulated day once measuring; when it says yes, the run ends there
  /// by throwing RunStopped (a server's cancelled request).
  std::function<bool()> stop_requested;
  /// A run of several care systems spread over ranks (processes), each running some of the care
  /// systems; every rank runs the replication alike. Rank 0 returns the whole result, the others
  /// an empty one (no measures). Null: this process runs them all.
  engine::RankExchange* ranks = nullptr;
};

/// Thrown out of a run whose ModelOptions::stop was set: its results are abandoned.
class RunStopped : public std::runtime_error {
 public:
  RunStopped() : std::runtime_error("the run was stopped") {}
};

class CareSystem final : public engine::LogicalProcess {
 public:
  /// `stream_lp` names this care system's random streams (one per care system in a run of several).
  CareSystem(const scenario::Scenario& scenario, std::uint64_t replication, ModelOptions options,
             std::uint32_t stream_lp = 0);

  void initialize(engine::LpContext& context) override;
  void handle(const engine::Event& event, engine::LpContext& context) override;

  /// Measures of the run, which ended at `end`, and the records asked for. The records are moved
  /// out: call once, last.
  ReplicationResult finish(engine::Tick end);

  Census census() const;
  engine::Tick now() const { return now_; }
  /// Beds in use in every acute unit.
  int beds_in_use() const {
    int n = 0;
    for (const auto& unit : acute_) n += unit.beds_in_use;
    return n;
  }
  /// Visits a day (or care hours a week) committed in a service counted in visits (or hours);
  /// 0 for a service counted in people.
  double service_load(std::size_t service) const { return services_[service].load_committed; }
  /// Places committed: patients in the service, places reserved or allocated to patients
  /// still in hospital. Never above capacity (unless counted in visits).
  int service_committed(std::size_t service) const { return services_[service].committed; }
  /// Patients in the service.
  int service_in_use(std::size_t service) const { return services_[service].occupied; }
  /// Patients waiting (in acute beds) for a place in the pool that `service` belongs to.
  std::size_t service_queue(std::size_t service) const {
    return pools_[services_[service].pool].waiting;
  }
  /// Patients waiting in every acute unit's admission queue.
  std::size_t admission_queue() const {
    std::size_t n = 0;
    for (const auto& unit : acute_) n += unit.admission_queue.size();
    return n;
  }
  /// Beds in use in acute unit `k` (scenario::Scenario::acute_units).
  int acute_beds_in_use(std::size_t k) const { return acute_[k].beds_in_use; }
  std::uint64_t medically_ready_in_acute() const { return ready_in_acute_; }

 private:
  using PatientId = std::uint32_t;
  static constexpr std::int16_t kNone = -1;

  // Patients as columns (struct of arrays), indexed by PatientId.
  struct Patients {
    std::vector<std::uint16_t> group, locality;
    std::vector<std::uint8_t> pathway, frailty;
    std::vector<Outcome> place;
    std::vector<std::uint8_t> ready_flag, planned_flag, prepared_flag;
    std::vector<std::int16_t> service;  // reserved, allocated or occupied place
    std::vector<std::int16_t> next_service;  // the unit a patient who finished moves on to (or kNone)
    std::vector<engine::Tick> service_start;  // when the current service began
    std::vector<std::uint32_t> ticket;  // current queue ticket (stale entries are skipped)
    std::vector<engine::Tick> arrival, admitted, ready, left_acute, left_service;
    std::vector<std::uint16_t> episodes;
    std::vector<float> package_hours;  // the person's package, hours a week (-1: not drawn yet)
    std::vector<std::uint8_t> stepped_up_from_home;  // 1: referred from home, not from hospital
    std::vector<std::uint8_t> route;  // the route (index into the unit's next) of a patient moving on
    std::vector<PersonId> person;  // the resident this patient is (kNoPerson: no population)
    // A patient of two care systems: 0 for neither; else 1 + the other care system's LP. A visitor
    // (treated here, living there) has remote_id = their resident id at home; a proxy (living
    // here, in hospital there) has remote_id = their patient id in the treating care system.
    std::vector<std::uint8_t> elsewhere;
    std::vector<std::uint32_t> remote_id;
    std::vector<std::uint8_t> aid_guest;  // 1: came from a neighbour's acute bed to a community bed here
    std::size_t count = 0;  // patients so far; the columns may be longer (spare rows)
    PatientId add(std::uint16_t g, std::uint16_t l, std::uint8_t p, engine::Tick now);
    void resize_columns(std::size_t n);
    std::size_t size() const { return count; }
  };
  struct ServiceState {
    int capacity = 0;  // current capacity (changes over time): people, beds or visits a day
    int committed = 0;  // occupied + reserved + allocated awaiting the discharge
    int occupied = 0;
    enum class Counts : std::uint8_t { people, visits, hours } counts = Counts::people;
    const std::vector<double>* visits = nullptr;  // visits a day by week (counted in visits)
    double load_committed = 0;  // visits a day, or hours a week, of committed places
    double load_in_use = 0;     // the same, of patients in the service
    TimeAverage load_level;
    std::size_t pool = 0;
    TimeAverage occupancy, idle_reserved;
    int moving_on = 0;  // occupants who have finished and wait for a place at the next unit
    TimeAverage moving_on_level;
    std::vector<std::size_t> route_targets;  // every unit this one's leavers may move on to
    // The same by route (index into route_targets), for a unit with more than one (empty otherwise).
    std::vector<int> moving_on_by_route;
    std::vector<TimeAverage> moving_on_by_route_level;
    double step_up_wait_days = 0;  // measured step-up starts: total wait at home, and count
    std::uint64_t step_up_starts = 0, step_up_referrals = 0;
  };
  struct QueueEntry {
    PatientId patient;
    std::uint32_t ticket;
  };
  // Services sharing one queue: each service alone, or with a transfer of care hub, all the
  // services of one pathway.
  struct Pool {
    std::string name;
    std::vector<std::size_t> services;
    engine::RingQueue<QueueEntry> queue;
    std::size_t waiting = 0;  // valid entries in `queue`
    TimeAverage queue_length;
  };

  void arrive(std::uint32_t group, engine::LpContext& context);
  /// A resident's emergency admission (population scenarios): a patient of their group.
  /// False when the resident is sent to another care system's hospital instead.
  bool admit_resident(PersonId person, engine::LpContext& context);
  std::size_t group_of_resident(PersonId person, engine::RandomStream& stream) const;
  /// Gives a patient made at the start a resident of their own, drawn by admission rate among
  /// those the patient could be (admitted to acute unit `acute_unit`, or of `locality`).
  void attach_initial_resident(PatientId patient, std::optional<std::size_t> acute_unit,
                               std::optional<std::size_t> locality);
  /// The patient's episode of care is over: their resident (if any) is home again or dead.
  void release_resident(PatientId patient, bool alive, engine::LpContext& context);
  void calibrate_population();
  // Crossings between care systems (care_system_crossings.cpp).
  bool is_visitor(PatientId p) const { return patients_.elsewhere[p] != 0 && patients_.person[p] == kNoPerson; }
  bool is_proxy(PatientId p) const { return patients_.elsewhere[p] != 0 && patients_.person[p] != kNoPerson; }
  /// True when the resident is sent to another care system's hospital instead.
  bool send_elsewhere(PersonId person, std::size_t group, engine::LpContext& context);
  void send_crossing(engine::LpId to, engine::Tick delay, engine::EventKind kind, std::uint64_t payload,
                     engine::LpContext& context);
  void handle_crossing(const engine::Event& event, engine::LpContext& context);
  void receive_visitor(std::uint64_t payload, engine::LpContext& context);
  void refer_home(PatientId visitor, engine::LpContext& context);
  void receive_referral(const engine::Event& event, engine::LpContext& context);
  void place_ready_elsewhere(PatientId proxy, engine::LpContext& context);
  void leave_for_home_system(PatientId visitor, PatientId proxy, engine::LpContext& context);
  void arrive_from_elsewhere(PatientId proxy, engine::LpContext& context);
  void start_service_after_acute(PatientId patient, engine::LpContext& context);
  // Mutual aid of community beds between neighbours (care_system_mutual_aid.cpp).
  bool may_seek_aid(const QueueEntry& entry, std::size_t service, engine::Tick now) const;
  bool lends_beds(std::size_t service) const;
  void ask_for_aid(engine::LpContext& context);
  void grant_aid(const engine::Event& event, engine::LpContext& context);
  void send_to_neighbour(const engine::Event& event, engine::LpContext& context);
  void receive_aid_guest(const engine::Event& event, engine::LpContext& context);
  void release_aid(std::uint64_t payload, engine::LpContext& context);
  void set_up_population(std::uint64_t replication, std::uint32_t stream_lp);
  void schedule_next_arrival(std::uint32_t group, engine::LpContext& context);
  void set_up_initial_state(engine::LpContext& context);
  void fill_acute_unit(std::size_t k, engine::LpContext& context);
  void change_capacity(std::uint64_t payload, engine::LpContext& context);
  void fill_free_places(std::size_t service, engine::LpContext& context);
  /// A pool of one pathway's services under the transfer of care hub (not a unit of its own).
  bool is_hub(const Pool& pool) const;
  void readmit(PatientId patient, engine::LpContext& context);
  engine::Tick within_discharge_hours(engine::Tick due) const;
  void request_bed(PatientId patient, engine::LpContext& context);
  void admit(PatientId patient, engine::LpContext& context);
  void start_planning(PatientId patient, engine::LpContext& context);
  void reserve_place(PatientId patient);
  void become_ready(PatientId patient, engine::LpContext& context);
  void finish_preparation(PatientId patient, engine::LpContext& context);
  void seek_place(PatientId patient, engine::LpContext& context);
  void allocate(PatientId patient, std::size_t service, engine::LpContext& context);
  void discharge_to_service(PatientId patient, engine::LpContext& context);
  void leave_acute(PatientId patient, engine::LpContext& context);
  void end_service(PatientId patient, engine::LpContext& context);
  void move_on(PatientId patient, std::size_t route, engine::LpContext& context);
  void allocate_next(PatientId patient, std::size_t service, engine::LpContext& context);
  void transfer(PatientId patient, engine::LpContext& context);
  void release_place(PatientId patient, std::size_t service, engine::Tick now);
  void enter_service(PatientId patient, std::size_t service, double stay_days, engine::LpContext& context);
  void schedule_next_step_up(std::size_t service, engine::LpContext& context);
  void refer_from_home(std::size_t service, engine::LpContext& context);
  void allocate_from_home(PatientId patient, std::size_t service, engine::LpContext& context);
  void start_from_home(PatientId patient, engine::LpContext& context);
  void check_deconditioning(PatientId patient, std::uint32_t ticket, engine::LpContext& context);
  void close_day(engine::LpContext& context);
  void start_measuring(engine::Tick now);
  void set_levels(engine::Tick now);
  void record_days_until(engine::Tick now);
  void log_event(const engine::Event& event);

  engine::Tick preparation_time(PatientId patient, engine::Tick start) const;
  double brokerage_multiplier(std::size_t service) const;
  void draw_package(PatientId patient, std::size_t service);
  double place_size(PatientId patient, std::size_t service) const;
  engine::Tick discharge_slot(engine::Tick due);
  std::size_t free_service_in_pool(PatientId patient) const;
  std::size_t free_place_before_anyone(PatientId patient, std::size_t unit) const;
  std::uint32_t join_queue(PatientId patient, std::size_t unit);
  /// The unit a patient in hospital needs (by pathway and locality).
  std::size_t home_service(PatientId patient) const {
    return scenario_.service_for(static_cast<scenario::Pathway>(patients_.pathway[patient]),
                                 patients_.locality[patient]);
  }
  bool has_room(std::size_t service, PatientId patient) const;
  void commit_place(std::size_t service, PatientId patient);
  void taper(std::uint64_t payload, engine::LpContext& context);
  void start_visits(PatientId patient, std::size_t service, engine::Tick length,
                    engine::LpContext& context);
  double visits_in_week(std::size_t service, std::size_t week) const;
  void decide_home_first(PatientId patient);
  bool pathway_used(std::size_t pathway) const;
  std::size_t draw_index(const double* shares, std::size_t n, engine::RandomStream& stream);

  const scenario::Scenario& scenario_;
  ModelOptions options_;
  std::uint64_t replication_;
  std::uint32_t stream_lp_;
  engine::Tick warmup_end_;
  engine::Tick run_end_;  // the end of the warm-up and measured days
  std::vector<engine::RandomStream> arrival_streams_;  // one per group
  engine::RandomStream attribute_stream_;
  engine::RandomStream acute_stay_stream_;
  engine::RandomStream service_stay_stream_;
  engine::RandomStream discharge_stream_;  // EDD errors, weekend discharges, home first
  engine::RandomStream deconditioning_stream_;
  engine::RandomStream outcome_stream_;
  engine::RandomStream initial_stream_;
  engine::RandomStream package_stream_;  // package sizes (only units counted in hours draw)
  std::vector<engine::RandomStream> step_up_streams_;  // one per service
  std::optional<Population> population_;
  // With a population, the groups a resident of each (locality, age) can join, with cumulative
  // shares: resident_groups_[locality * kAges + age].
  std::vector<std::vector<std::pair<std::size_t, double>>> resident_groups_;
  engine::RandomStream crossing_stream_;
  CrossingCounts crossings_;
  PopulationCounts population_counts_at_warmup_;  // the measures count from the warm-up's end
  std::uint64_t crossings_out_measured_ = 0;  // residents admitted elsewhere since the warm-up
  std::vector<int> aid_held_;  // by service: beds granted to neighbours, not yet taken (checked as they come)
  std::uint64_t aid_out_measured_ = 0, aid_in_measured_ = 0;  // patients, since the warm-up

  Patients patients_;
  // Each acute unit's beds and admission queue (beds_in_use() and admission_queue() add them up).
  struct AcuteState {
    int beds_in_use = 0;
    int capacity = 0;  // current capacity (changes over time)
    engine::RingQueue<PatientId> admission_queue;
    TimeAverage beds, queue_length;
  };
  std::vector<AcuteState> acute_;
  std::size_t acute_of(PatientId patient) const { return scenario_.groups[patients_.group[patient]].acute_unit; }
  bool any_brokerage_curve_ = false;
  engine::Tick first_discharge_tick_ = 0, last_discharge_tick_ = 0;  // within a day
  double arrival_peak_ = 1;  // the largest arrival_factor: thinning's envelope
  std::array<std::uint64_t, scenario::kServiceOutcomes> service_outcomes_{};
  std::uint64_t readmitted_within_30_days_ = 0;
  std::uint64_t reablement_leavers_ = 0, reablement_home_at_91_days_ = 0;
  std::uint64_t ready_in_acute_ = 0;  // medically ready, still in an acute bed (NCTR)
  std::vector<ServiceState> services_;
  std::vector<Pool> pools_;
  std::uint64_t stepped_up_ = 0, moved_home_first_ = 0;

  engine::Tick now_ = 0;
  TimeAverage beds_, nctr_, admission_queue_length_;
  double bed_area_at_day_start_ = 0;
  // Daily series (when kept): the days recorded so far and each level's area at the last day end.
  DailySeries daily_;
  engine::Tick next_day_end_ = engine::kTicksPerDay;
  std::vector<double> daily_area_;
  EventLog event_log_;
  std::uint64_t measured_days_ = 0, days_above_92_ = 0, days_above_95_ = 0;
};

}  // namespace careflow::model
