#include "experiment/automatic_warmup.hpp"

#include "model/simulate.hpp"

namespace careflow::experiment {

model::WarmupChoice choose_warmup(const scenario::Scenario& scenario, engine::ThreadScope& scope) {
  model::ModelOptions options;
  options.keep_daily_series = true;
  model::WarmupChooser chooser;
  scope.run([&] {
    engine::run_replications_in_order<model::DailySeries>(
        static_cast<std::size_t>(scenario.run.replications),
        [&](std::size_t r) { return model::simulate_replication(scenario, r, options).daily; },
        [&](std::size_t, model::DailySeries daily) { chooser.add(daily); });
  });
  return chooser.choose();
}

}  // namespace careflow::experiment
