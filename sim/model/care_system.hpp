#pragma once
// One care system as a logical process: admissions from patient groups, the acute unit and its
// admission (ED) queue, discharge on pathways P0-P3, and community services with their own
// queues. A medically ready patient whose service has no free place keeps the acute bed
// (blocking after service) until a place frees, first come first served.

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/logical_process.hpp"
#include "engine/random_stream.hpp"
#include "engine/ring_queue.hpp"
#include "model/replication_result.hpp"
#include "model/time_average.hpp"
#include "scenario/scenario.hpp"

namespace careflow::model {

struct ModelOptions {
  bool keep_patient_records = false;
  /// Called after every event (tests use it to check invariants at every instant).
  std::function<void(const class CareSystem&)> after_event;
};

class CareSystem final : public engine::LogicalProcess {
 public:
  CareSystem(const scenario::Scenario& scenario, std::uint64_t replication, ModelOptions options);

  void initialize(engine::LpContext& context) override;
  void handle(const engine::Event& event, engine::LpContext& context) override;

  /// Measures of the run, which ended at `end`.
  ReplicationResult finish(engine::Tick end) const;

  Census census() const;
  /// Time of the event handled last.
  engine::Tick now() const { return now_; }
  int beds_in_use() const { return beds_in_use_; }
  int service_in_use(std::size_t service) const { return services_[service].in_use; }
  std::size_t service_queue(std::size_t service) const { return services_[service].queue.size(); }
  std::size_t admission_queue() const { return admission_queue_.size(); }

 private:
  using PatientId = std::uint32_t;
  // Patients as columns (struct of arrays), indexed by PatientId.
  struct Patients {
    std::vector<std::uint16_t> group, locality;
    std::vector<std::uint8_t> pathway;
    std::vector<Outcome> place;
    std::vector<engine::Tick> arrival, admitted, ready, left_acute, left_service;
    PatientId add(std::uint16_t g, std::uint16_t l, std::uint8_t p, engine::Tick now);
    std::size_t size() const { return group.size(); }
  };
  struct ServiceState {
    int capacity = 0;
    int in_use = 0;
    engine::RingQueue<PatientId> queue;  // medically ready patients waiting in acute beds
    TimeAverage occupancy, queue_length;
  };

  void arrive(std::uint32_t group, engine::LpContext& context);
  void request_bed(PatientId patient, engine::LpContext& context);
  void admit(PatientId patient, engine::LpContext& context);
  void become_ready(PatientId patient, engine::LpContext& context);
  void leave_acute(PatientId patient, engine::LpContext& context);
  void start_service(PatientId patient, std::size_t service, engine::LpContext& context);
  void end_service(PatientId patient, engine::LpContext& context);
  void close_day(engine::LpContext& context);
  void start_measuring(engine::Tick now);
  void set_levels(engine::Tick now);
  bool pathway_used(std::size_t pathway) const;
  std::size_t draw_index(const double* shares, std::size_t n, engine::RandomStream& stream);

  const scenario::Scenario& scenario_;
  ModelOptions options_;
  engine::Tick warmup_end_;
  std::vector<engine::RandomStream> arrival_streams_;  // one per group
  engine::RandomStream attribute_stream_;
  engine::RandomStream acute_stay_stream_;
  engine::RandomStream service_stay_stream_;

  Patients patients_;
  int beds_in_use_ = 0;
  std::uint64_t ready_in_acute_ = 0;  // medically ready, waiting for a service (NCTR)
  std::uint64_t turned_away_ = 0;
  engine::RingQueue<PatientId> admission_queue_;
  std::vector<ServiceState> services_;

  engine::Tick now_ = 0;
  TimeAverage beds_, nctr_, admission_queue_length_;
  double bed_area_at_day_start_ = 0;
  std::uint64_t measured_days_ = 0, days_above_92_ = 0, days_above_95_ = 0;
};

}  // namespace careflow::model
