// An HDF5 trace holds exactly what the run produced: every row and value of the patient table,
// the daily series and the event log, the measures, and the run's identity as attributes.
#include "output/hdf5_sink.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "model/simulate.hpp"
#include "output/hdf5_file.hpp"
#include "output/output_error.hpp"
#include "output/trace_format.hpp"
#include "scenario/scenario_loader.hpp"

namespace careflow::output {
namespace {

namespace fs = std::filesystem;

const std::string kScenarios = (fs::path(CAREFLOW_SOURCE_DIR) / "scenarios").string();

fs::path scratch(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("careflow_sink_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

std::size_t files_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

model::ReplicationResult run_small(const scenario::Scenario& s, std::size_t r, TraceLevel level) {
  model::ModelOptions options;
  options.keep_patient_records = level != TraceLevel::summary;
  options.keep_daily_series = level != TraceLevel::summary;
  options.keep_event_log = level == TraceLevel::events;
  return model::simulate_replication(s, r, options);
}

double days_or_nan(engine::Tick t) { return t < 0 ? std::nan("") : engine::days_from_ticks(t); }

// NaN-aware equality: the trace writes "never" as NaN.
void expect_same(double expected, double actual, const std::string& what) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what;
  } else {
    EXPECT_EQ(expected, actual) << what;
  }
}

TEST(hdf5_sink_test, a_small_run_round_trips_exactly) {
  // Fixed stays: a small deterministic-stay blocking model, two replications, 30 days.
  const auto s = scenario::load_scenario(
      kScenarios + "/blocking.toml",
      {"run.days=30", "run.warmup_days=5", "run.replications=2", "acute.beds=20",
       "groups.all.admissions_per_day=2.0", "groups.all.stay={distribution=\"fixed\", value=3.0}",
       "services.community.capacity=5"});
  const auto path = scratch("round_trip.h5");
  std::vector<model::ReplicationResult> results;
  {
    Hdf5Sink sink(path, TraceLevel::events);
    sink.begin(s, {"9.9.9-test", "careflow run blocking.toml", s.run.seed, 2});
    for (std::size_t r = 0; r < 2; ++r) {
      results.push_back(run_small(s, r, TraceLevel::events));
      sink.replication(r, results.back());
    }
    EXPECT_FALSE(fs::exists(path)) << "visible before commit";
    sink.commit();
  }
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(files_in(path.parent_path()), 1U) << "no temporary file left beside it";

  const auto file = h5::open_file(path.string());
  EXPECT_EQ(h5::string_attribute(file, "format"), kTraceFormat);
  EXPECT_EQ(h5::integer_attribute(file, "format_version"), kTraceFormatVersion);
  EXPECT_EQ(h5::string_attribute(file, "careflow_version"), "9.9.9-test");
  EXPECT_EQ(h5::string_attribute(file, "command_line"), "careflow run blocking.toml");
  EXPECT_EQ(h5::string_attribute(file, "scenario_text"), s.source_text);
  EXPECT_NE(s.source_text.find("admissions_per_day = 2.0"), std::string::npos) << "overrides resolved";
  EXPECT_EQ(h5::integer_attribute(file, "seed"), static_cast<std::int64_t>(s.run.seed));
  EXPECT_EQ(h5::integer_attribute(file, "replications"), 2);
  EXPECT_EQ(h5::string_attribute(file, "trace_level"), "events");
  EXPECT_EQ(h5::double_attribute(file, "days"), 30.0);

  const auto measures = h5::open_group(file, "measures");
  const auto names = h5::read_strings(measures, "name");
  ASSERT_EQ(names.size(), results[0].measures.size());
  const auto codes = h5::open_group(file, "codes");
  EXPECT_EQ(h5::read_strings(codes, "unit"), results[0].daily.units);
  EXPECT_EQ(h5::read_strings(codes, "pathway"), (std::vector<std::string>{"P0", "P1", "P2", "P3"}));

  const auto runs = h5::open_group(file, "replications");
  for (std::size_t r = 0; r < 2; ++r) {
    const auto& expected = results[r];
    const auto run = h5::open_group(runs, replication_group_name(r));
    EXPECT_EQ(h5::integer_attribute(run, "events"), static_cast<std::int64_t>(expected.events));
    const auto values = h5::read_column<double>(h5::open_group(run, "summary"), "value");
    ASSERT_EQ(values.size(), expected.measures.size());
    for (std::size_t m = 0; m < values.size(); ++m) EXPECT_EQ(values[m], expected.measures[m].value) << names[m];

    const auto patients = h5::open_group(run, "patients");
    const auto pathway = h5::read_column<std::uint8_t>(patients, "pathway");
    const auto outcome = h5::read_column<std::uint8_t>(patients, "outcome");
    const auto arrival = h5::read_column<double>(patients, "arrival_day");
    const auto admitted = h5::read_column<double>(patients, "admitted_day");
    const auto ready = h5::read_column<double>(patients, "ready_day");
    const auto left_acute = h5::read_column<double>(patients, "left_acute_day");
    const auto left_service = h5::read_column<double>(patients, "left_service_day");
    const auto delay = h5::read_column<double>(patients, "delay_days");
    ASSERT_EQ(pathway.size(), expected.patients.size());
    ASSERT_EQ(pathway.size(), expected.census.arrived);
    for (std::size_t i = 0; i < pathway.size(); ++i) {
      const auto& p = expected.patients[i];
      EXPECT_EQ(pathway[i], p.pathway);
      EXPECT_EQ(outcome[i], static_cast<std::uint8_t>(p.outcome));
      expect_same(days_or_nan(p.arrival), arrival[i], "arrival");
      expect_same(days_or_nan(p.admitted), admitted[i], "admitted");
      expect_same(days_or_nan(p.ready), ready[i], "ready");
      expect_same(days_or_nan(p.left_acute), left_acute[i], "left acute");
      expect_same(days_or_nan(p.left_service), left_service[i], "left service");
      // Fixed 3-day stays: a patient admitted on arrival is ready exactly 3 days later.
      if (p.admitted >= 0 && p.ready >= 0) {
        EXPECT_EQ(p.ready - p.admitted, engine::ticks_from_days(3.0));
      }
      if (p.ready >= 0 && p.left_acute >= 0) {
        EXPECT_EQ(delay[i], engine::days_from_ticks(p.left_acute - p.ready));
      } else {
        EXPECT_TRUE(std::isnan(delay[i]));
      }
    }

    const auto daily = h5::open_group(run, "daily");
    EXPECT_EQ(h5::read_column<std::uint32_t>(daily, "day"), expected.daily.day);
    EXPECT_EQ(h5::read_column<std::uint16_t>(daily, "unit"), expected.daily.unit);
    EXPECT_EQ(h5::read_column<double>(daily, "occupied"), expected.daily.occupied);
    EXPECT_EQ(h5::read_column<double>(daily, "capacity"), expected.daily.capacity);
    EXPECT_EQ(expected.daily.rows(), 2U * 35U);  // acute and one service, 5 + 30 days

    const auto events = h5::open_group(run, "events");
    EXPECT_EQ(h5::read_column<std::int64_t>(events, "patient"), expected.event_log.patient);
    EXPECT_EQ(h5::read_column<std::uint8_t>(events, "kind"), expected.event_log.kind);
    EXPECT_EQ(h5::read_column<double>(events, "time_day").size(), expected.events);
  }
  fs::remove_all(path.parent_path());
}

TEST(hdf5_sink_test, the_summary_level_keeps_only_the_measures) {
  const auto s = scenario::load_scenario(kScenarios + "/blocking.toml", {"run.days=10", "run.replications=1"});
  const auto path = scratch("summary.h5");
  {
    Hdf5Sink sink(path, TraceLevel::summary);
    EXPECT_FALSE(sink.records_wanted().patients);
    sink.begin(s, {"test", "", s.run.seed, 1});
    sink.replication(0, run_small(s, 0, TraceLevel::summary));
    sink.commit();
  }
  const auto file = h5::open_file(path.string());
  const auto run = h5::open_group(h5::open_group(file, "replications"), "00000");
  EXPECT_TRUE(h5::has_link(run, "summary"));
  EXPECT_FALSE(h5::has_link(run, "patients"));
  EXPECT_FALSE(h5::has_link(run, "daily"));
  EXPECT_FALSE(h5::has_link(run, "events"));
  fs::remove_all(path.parent_path());
}

TEST(hdf5_sink_test, an_unfinished_trace_leaves_no_file) {
  const auto s = scenario::load_scenario(kScenarios + "/blocking.toml", {"run.days=10"});
  const auto path = scratch("unfinished.h5");
  {
    Hdf5Sink sink(path, TraceLevel::patients);
    sink.begin(s, {"test", "", s.run.seed, 3});
    sink.replication(0, run_small(s, 0, TraceLevel::patients));
    EXPECT_EQ(files_in(path.parent_path()), 1U) << "the temporary file is being written";
  }  // destroyed without commit(), as when a later replication throws
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(files_in(path.parent_path()), 0U);
  fs::remove_all(path.parent_path());
}

}  // namespace
}  // namespace careflow::output

// In a sanitizer build: closing a file on a full disk fails, and HDF5 1.10 then loses part of that
// file's state; the memory is HDF5's own (allocated inside libhdf5), not a leak of careflow's.
extern "C" const char* __lsan_default_suppressions() { return "leak:libhdf5_serial.so\n"; }

namespace careflow::output {
namespace {

// A file-size limit for this process, lifted again on leaving scope; SIGXFSZ is ignored meanwhile,
// so that writes past the limit fail with EFBIG the way writes to a full disk fail with ENOSPC.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

TEST(hdf5_sink_test, a_full_disk_is_a_write_failure_naming_the_output_and_its_reason) {
  const auto s = scenario::load_scenario(kScenarios + "/blocking.toml", {"run.days=60"});
  const auto path = scratch("full.h5");
  const auto result = run_small(s, 0, TraceLevel::patients);
  {
    const FileSizeLimit limit(64 * 1024);
    Hdf5Sink sink(path, TraceLevel::patients);
    sink.begin(s, {"test", "", s.run.seed, 2});
    try {
      sink.replication(0, result);
      sink.replication(1, result);
      sink.commit();
      ADD_FAILURE() << "a trace larger than the limit was written";
    } catch (const WriteFailure& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind(path.string() + ": cannot write column '", 0), 0U) << message;
      EXPECT_NE(message.find("(File too large)"), std::string::npos) << message;
    }
  }  // the sink is abandoned: its file, whose close fails too, is removed
  EXPECT_EQ(files_in(path.parent_path()), 0U);
  // HDF5 carries on for the next file (the abandoned one can no longer crash it at exit).
  {
    Hdf5Sink sink(path, TraceLevel::summary);
    sink.begin(s, {"test", "", s.run.seed, 1});
    sink.replication(0, result);
    sink.commit();
  }
  EXPECT_TRUE(fs::exists(path));
  fs::remove_all(path.parent_path());
}

TEST(hdf5_sink_test, an_unwritable_path_fails_before_the_run) {
  EXPECT_THROW(Hdf5Sink(scratch("no/such/dir/x.h5"), TraceLevel::summary), OutputError);
}

}  // namespace
}  // namespace careflow::output
