#include "scenario/parameters.hpp"

#include <array>

namespace careflow::scenario {
namespace {

constexpr std::array kDocs{
    ParameterDoc{"extends", "file", "none",
                 "Another scenario file (relative to this one) whose keys this file overrides"},
    ParameterDoc{"scenario.name", "text", "the file name", "Name shown in summaries"},
    ParameterDoc{"scenario.description", "text", "empty", "What the scenario represents"},
    ParameterDoc{"run.days", "days", "365", "Days simulated and measured after the warm-up"},
    ParameterDoc{"run.warmup_days", "days | \"auto\"", "30",
                 "Days simulated first and left out of every measure; \"auto\" chooses them per run from "
                 "the daily series (MSER-5)"},
    ParameterDoc{"run.replications", "count", "10", "Independent replications"},
    ParameterDoc{"run.seed", "integer", "1", "Seed of every random stream"},
    ParameterDoc{"localities", "list of names", "[\"all\"]",
                 "Localities of the care system; services and patients belong to one"},
    ParameterDoc{"acute.beds", "beds", "required",
                 "General and acute beds. Several acute units: a table each, acute.<unit>.beds "
                 "(and when_full, changes, initially_occupied), e.g. [acute.medicine] and "
                 "[acute.surgery]; each group is admitted to one (groups.<name>.acute_unit)"},
    ParameterDoc{"acute.when_full", "queue | turn_away", "queue",
                 "An admission finding no free bed waits in the ED queue, or is turned away "
                 "(diverted elsewhere: a loss system)"},
    ParameterDoc{"acute.changes", "list of { from_day, to_day, capacity }", "none",
                 "Periods with another number of beds (days from the start of the run)"},
    ParameterDoc{"acute.initially_occupied", "patients", "0",
                 "Patients already in treatment at the start; beyond the beds (a capacity cut below it), they start in the admission queue, or are treated elsewhere where the unit turns patients away"},
    ParameterDoc{"arrivals.day_of_week", "7 multipliers", "all 1",
                 "Admissions by day of week, Monday first (scaled to mean 1); day 0 is a Monday"},
    ParameterDoc{"arrivals.hour_of_day", "24 multipliers", "all 1",
                 "Admissions by hour of day (scaled to mean 1), e.g. an afternoon peak"},
    ParameterDoc{"arrivals.month", "12 multipliers", "all 1",
                 "Admissions by month, January first (scaled to mean 1); day 0 is 1 January"},
    ParameterDoc{"arrivals.surges", "list of { from_day, to_day, multiplier }", "none",
                 "Periods of higher (or lower) admissions, e.g. a winter surge"},
    ParameterDoc{"groups.<name>.admissions_per_day", "patients/day", "required",
                 "Emergency admissions of this group (Poisson)"},
    ParameterDoc{"groups.<name>.stay", "distribution (days)", "required",
                 "Time from admission to medically ready (no criteria to reside)"},
    ParameterDoc{"groups.<name>.pathway", "shares", "{ P0 = 1 }",
                 "Discharge pathway shares P0 (home), P1 (home with support), P2 (rehabilitation "
                 "bed), P3 (care home); they sum to 1"},
    ParameterDoc{"groups.<name>.locality", "shares", "equal shares",
                 "Share of the group living in each locality; they sum to 1"},
    ParameterDoc{"groups.<name>.frailty", "shares", "{ low = 1 }",
                 "Share of the group at each frailty (need) level: low, moderate, severe"},
    ParameterDoc{"groups.<name>.acute_unit", "acute unit name", "the first",
                 "With several acute units: the one this group's patients are admitted to (its "
                 "beds and admission queue)"},
    ParameterDoc{"groups.<name>.ages", "[youngest, oldest]", "[0, 90]",
                 "With a population: the residents' ages (90 means 90 or over) whose admissions join this "
                 "group, together with its localities"},
    ParameterDoc{"population.residents", "CSV file", "none (admissions from groups' admissions_per_day)",
                 "Residents by area, sex and single year of age 0-90 (relative to the scenario file), e.g. "
                 "\"data/england_icb_age_sex.csv\"; with it, admissions come from the residents' hazards "
                 "(docs/population.md)"},
    ParameterDoc{"population.area", "area code", "required with residents",
                 "The area (the CSV's first column, e.g. an ICB's ONS code) whose residents these are"},
    ParameterDoc{"population.people", "people", "the area's",
                 "Scale the area's residents to this many people, keeping its age and sex structure"},
    ParameterDoc{"population.locality_shares", "shares", "required with several localities",
                 "Share of the residents living in each locality"},
    ParameterDoc{"population.admissions_per_year", "admissions/year", "required with residents",
                 "Emergency admissions a year, readmissions included: the hazards' level is calibrated to it"},
    ParameterDoc{"population.age_bands", "list of ages", "[0, 5, 15, 45, 65, 75, 85]",
                 "Lower age of each band the hazards below are given for (changing them requires every "
                 "per-band list)"},
    ParameterDoc{"population.admission_rate_female", "per person-year, by band", "national profile",
                 "Emergency admissions by age band (women); only the shape matters (calibration). Also "
                 "admission_rate_male"},
    ParameterDoc{"population.death_rate_female", "per person-year, by band", "ONS life tables",
                 "Deaths at home by age band (women). Also death_rate_male"},
    ParameterDoc{"population.frailty_moderate", "share, by band", "eFI-based",
                 "Share of each band at moderate frailty at the start. Also frailty_severe (the rest are low)"},
    ParameterDoc{"population.frailty_admission_ratio", "3 hazard ratios", "[1, 2.2, 3.5]",
                 "Admission hazard by frailty level against low. Also frailty_death_ratio"},
    ParameterDoc{"population.frailty_worsening_to_moderate", "per person-year, by band", "assumed",
                 "Low to moderate frailty. Also frailty_worsening_to_severe (moderate to severe)"},
    ParameterDoc{"population.readmission_extra_risk", "probability", "0.08",
                 "Chance of one extra emergency admission after a discharge home, caused by the stay"},
    ParameterDoc{"population.readmission_decay_days", "days", "10",
                 "How fast that extra risk fades: its hazard falls as exp(-t / decay)"},
    ParameterDoc{"population.births_per_1000", "births/year per 1,000", "10.1",
                 "Live births a year per 1,000 residents at the start (ONS England 2022). Also "
                 "male_share_of_births (0.512)"},
    ParameterDoc{"systems.table", "CSV file", "none (one care system)",
                 "Several care systems in one run, one logical process each: a row per area (e.g. "
                 "\"data/england_icbs.csv\"), each this scenario scaled to the area's residents, admissions "
                 "and beds, with community capacity per person 65+ as here (docs/population.md)"},
    ParameterDoc{"systems.only", "list of area codes", "every row",
                 "Run only these areas of the table (e.g. [\"QSL\", \"QUY\"])"},
    ParameterDoc{"systems.raise_short_capacity", "true | false", "true",
                 "Raise a community service whose capacity per person 65+ leaves it busier than the "
                 "template's busiest, to that utilisation (false: per person 65+ throughout)"},
    ParameterDoc{"systems.capacity.<code>.<unit>", "beds, people, visits/day or hours/week", "scaled",
                 "One care system's capacity of one unit (an acute unit, e.g. acute, or a service), in place of "
                 "the scaled one and never raised, e.g. systems.capacity.QSL.p2_north = 130"},
    ParameterDoc{"crossings.share", "share", "0",
                 "With systems: share of each care system's emergency admissions treated in another hospital "
                 "of its region (chosen by its admissions and spare beds); they go home to their own services"},
    ParameterDoc{"crossings.toward_spare_beds", "true | false", "false",
                 "Also send the residents a care system's beds cannot take, at its region's beds per "
                 "admission, to the region's care systems with beds to spare"},
    ParameterDoc{"crossings.transfer_hours", "hours", "2",
                 "Journey to the other hospital, and back home to a service; with handover_hours and "
                 "discharge.referral_lag_days it sets the engine's lookahead (the least of them)"},
    ParameterDoc{"crossings.handover_hours", "hours", "4",
                 "From a place found at home until the treating hospital hears of it"},
    ParameterDoc{"crossings.mutual_aid", "true | false", "false",
                 "Mutual aid of community beds: a care system asks one neighbour of its region a day "
                 "(in turn) for free P2/P3 beds for the patients waiting for one in its acute beds"},
    ParameterDoc{"crossings.aid_after_days", "days", "2",
                 "With mutual_aid: how long a patient has waited (since medically ready) before a "
                 "neighbour's bed is sought"},
    ParameterDoc{"frailty.stay_multiplier", "3 multipliers", "[1, 1, 1]",
                 "Acute stay until medically ready, times this, by frailty level"},
    ParameterDoc{"frailty.deconditioning_multiplier", "3 multipliers", "[1, 1, 1]",
                 "Daily deconditioning chance, times this, by frailty level"},
    ParameterDoc{"services.<name>.pathway", "P1 | P2 | P3 | none", "required",
                 "The pathway served; none: a unit the acute unit never sends to, reached only "
                 "through other units' next (a home-care package provider, a long-term care home)"},
    ParameterDoc{"services.<name>.locality", "locality name | all", "all",
                 "The locality served"},
    ParameterDoc{"services.<name>.capacity", "people, beds, visits/day or hours/week", "required",
                 "People supported (P1) or beds (P2, P3) at once; care visits a day with "
                 "visits_per_day; care hours a week with package_hours"},
    ParameterDoc{"services.<name>.stay", "distribution (days)", "required",
                 "Time a patient spends in the service"},
    ParameterDoc{"services.<name>.visits_per_day", "list of visits/day by week", "none",
                 "P1 only: count capacity in care visits a day; a patient needs these visits a "
                 "day in week 1, 2, ... (tapering; the last holds to the end); a place is free "
                 "when a new patient's visits fit"},
    ParameterDoc{"services.<name>.package_hours", "distribution (hours a week)", "none",
                 "A social care package provider: count capacity in care hours a week; each "
                 "person's package is drawn from this when they first need a place (cut to the "
                 "capacity); waiting is first come first served, so a large package at the head "
                 "waits for its hours"},
    ParameterDoc{"services.<name>.step_up_per_day", "referrals/day", "0",
                 "Step-up: people referred from home (GPs, community teams) straight into this "
                 "unit, a Poisson stream; they wait at home in its queue with everyone else and "
                 "start on a weekday within discharge hours (every day with seven_day_working)"},
    ParameterDoc{"services.<name>.next", "shares by unit name", "none",
                 "After the stay, the share of leavers that moves on to each named unit, keeping "
                 "this place until the next unit has room (blocking after service); the rest "
                 "leave by outcomes"},
    ParameterDoc{"services.<name>.assessment_days", "working days", "0",
                 "The unit's own assessment of someone moving on from another unit, Monday to "
                 "Friday, once a place is found (removed by trusted_assessor)"},
    ParameterDoc{"services.<name>.by_group.<group>", "table: next, outcomes", "none",
                 "Routes and outcomes for one patient group's leavers, where they differ from the "
                 "unit's (e.g. frail people move on to a package, fit people go home); each key "
                 "left out is the unit's own"},
    ParameterDoc{"services.<name>.brokerage_days", "days", "0",
                 "Someone moving on from another unit starts here this long after a place is "
                 "found (and the unit's assessment), holding both places meanwhile; the move "
                 "itself waits for a weekday within discharge hours unless seven_day_working"},
    ParameterDoc{"services.<name>.brokerage_curve", "list of {committed, multiplier}", "none",
                 "Brokerage lengthens as the unit's market fills: brokerage_days (the unit's "
                 "own, and discharge.brokerage_days for patients leaving hospital for it) times "
                 "the multiplier at the share of capacity committed when brokerage starts, "
                 "linear between points, flat beyond the ends"},
    ParameterDoc{"services.<name>.cost_per_day", "pounds a day", "the pathway's",
                 "Cost of a day in this unit (instead of costs.P1_day etc.; a unit with pathway "
                 "none otherwise costs costs.P1_day)"},
    ParameterDoc{"discharge.referral_lag_days", "days", "1",
                 "From medically ready (or, with planning_start, from planning start) to the "
                 "referral being received"},
    ParameterDoc{"discharge.assessment_days", "days", "2",
                 "Long-term needs assessment: in the acute bed, or after discharge with "
                 "discharge_to_assess"},
    ParameterDoc{"discharge.provider_assessment_days", "working days", "1",
                 "The receiving provider's own assessment, Monday to Friday only (removed by "
                 "trusted_assessor)"},
    ParameterDoc{"discharge.brokerage_days", "days", "1", "Arranging the place once assessed"},
    ParameterDoc{"discharge.weekend_discharge_share", "share", "0.1",
                 "Chance that a discharge due on a Saturday or Sunday happens that day without "
                 "seven_day_working (otherwise it waits for Monday)"},
    ParameterDoc{"discharge.deconditioning_per_day", "probability/day", "0",
                 "Daily chance that a patient waiting in an acute bed steps up a pathway "
                 "(P1 to P2, P2 to P3)"},
    ParameterDoc{"levers.planning_start", "true | false", "false",
                 "Pull: plan discharge from admission; referral, assessments and brokerage run "
                 "during treatment, against an expected discharge date (EDD)"},
    ParameterDoc{"levers.edd_set_after_days", "days", "2", "The EDD is set this long after admission"},
    ParameterDoc{"levers.edd_error_sd_days", "days", "1",
                 "Standard deviation of the EDD's error against the true ready date"},
    ParameterDoc{"levers.capacity_reservation", "true | false", "false",
                 "Pull: reserve a community place ahead of the EDD (needs planning_start); an "
                 "idle reserved place is costed"},
    ParameterDoc{"levers.reserve_days_ahead", "days", "2", "How long before the EDD a place is reserved"},
    ParameterDoc{"levers.discharge_to_assess", "true | false", "false",
                 "Pull: leave hospital first, be assessed at home or in the P2 bed: the assessment "
                 "moves out of the acute stay into the service stay"},
    ParameterDoc{"levers.trusted_assessor", "true | false", "false",
                 "Pull: one assessment accepted by all providers: no provider assessment lag"},
    ParameterDoc{"levers.seven_day_working", "true | false", "false",
                 "Pull: discharges and service starts every day of the week"},
    ParameterDoc{"levers.home_first", "true | false", "false",
                 "Pull: assessment at home moves a share of P2/P3 decisions to P1"},
    ParameterDoc{"levers.home_first_share", "share", "0.3", "The share moved by home_first"},
    ParameterDoc{"levers.transfer_of_care_hub", "true | false", "false",
                 "Pull: one shared queue per pathway across localities instead of one per service"},
    ParameterDoc{"services.<name>.outcomes", "shares", "{ home = 1 }",
                 "Where people go after the service: home, long_term_care, care_home, "
                 "readmission (back to admission) or death; they sum to 1"},
    ParameterDoc{"services.<name>.changes", "list of { from_day, to_day, capacity }", "none",
                 "Periods with another capacity, e.g. a care home closed by an outbreak"},
    ParameterDoc{"services.<name>.initially_occupied", "people", "0",
                 "People already in the service at the start; beyond its places (a capacity cut below it), they start waiting for it in acute beds, or are left out for a unit not entered from hospital; check and run list each such move"},
    ParameterDoc{"services.<name>.initially_waiting", "people", "0",
                 "Medically ready people already waiting in acute beds for the service at the start"},
    ParameterDoc{"discharge.first_hour", "hour", "0", "Discharges happen from this hour ..."},
    ParameterDoc{"discharge.last_hour", "hour", "24",
                 "... until this one; a discharge due outside waits for the next morning"},
    ParameterDoc{"discharge.readmission_mean_days", "days", "10",
                 "Mean time from the end of a service to readmission, for those readmitted"},
    ParameterDoc{"costs.acute_bed_day", "GBP/day", "0", "Cost of an occupied acute bed day"},
    ParameterDoc{"costs.delayed_bed_day", "GBP/day", "346",
                 "Cost of an acute bed day held by a medically ready patient (instead of the "
                 "acute bed day cost)"},
    ParameterDoc{"costs.P1_day", "GBP/day", "125", "Cost of a day of home support (P1)"},
    ParameterDoc{"costs.P2_day", "GBP/day", "150", "Cost of a rehabilitation bed day (P2)"},
    ParameterDoc{"costs.P3_day", "GBP/day", "164", "Cost of a care home bed day (P3)"},
    ParameterDoc{"<distribution>.distribution",
                 "exponential | lognormal | gamma | fixed | empirical", "required",
                 "The family of a duration distribution"},
    ParameterDoc{"<distribution>.mean", "days", "required",
                 "Mean (exponential; lognormal with median or sd; gamma with sd)"},
    ParameterDoc{"<distribution>.median", "days", "none",
                 "Lognormal median (with mean: as published for lengths of stay)"},
    ParameterDoc{"<distribution>.sd", "days", "none", "Standard deviation (lognormal, gamma)"},
    ParameterDoc{"<distribution>.shape", "number", "none", "Gamma shape (with scale)"},
    ParameterDoc{"<distribution>.scale", "days", "none", "Gamma scale (with shape)"},
    ParameterDoc{"<distribution>.value", "days", "required", "The fixed duration"},
    ParameterDoc{"<distribution>.values", "list of days", "required",
                 "Empirical table: the possible durations"},
    ParameterDoc{"<distribution>.weights", "list of probabilities", "required",
                 "Empirical table: their probabilities, summing to 1"},
};

std::string escape_pipes(const char* text) {
  std::string out;
  for (const char* c = text; *c; ++c) {
    if (*c == '|') out += "\\";
    out += *c;
  }
  return out;
}

}  // namespace

std::span<const ParameterDoc> parameter_docs() { return kDocs; }

std::string parameter_docs_markdown() {
  std::string out = "| key | unit | default | meaning |\n|---|---|---|---|\n";
  for (const auto& d : kDocs) {
    out += "| `" + std::string(d.key) + "` | " + escape_pipes(d.unit) + " | " +
           escape_pipes(d.default_value) + " | " + escape_pipes(d.meaning) + " |\n";
  }
  return out;
}

}  // namespace careflow::scenario
