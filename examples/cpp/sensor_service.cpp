// A C++ service embedding streamwise: it watches one sensor, keeps rolling summaries, scores a
// naive "next value = last value" forecast with a rolling MAE, watches the forecast error for
// drift with ADWIN, and checkpoints its whole state to a file every 10,000 readings. Halfway it
// "crashes", restarts from the last checkpoint file, replays the readings since that checkpoint
// (as a Kafka consumer would from its committed offset) and must end in exactly the same state
// as a run that never stopped.
//
// Usage: example_sensor_service [checkpoint-dir]
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/core/rng.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/io/checkpoint.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/rolling.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/rolling.hpp"
#include "streamwise/stats/rolling_quantile.hpp"
#include "streamwise/stats/var.hpp"

namespace sw = streamwise;

/// Everything the service knows, saved and restored as one checkpoint.
struct SensorMonitor {
  using Params = sw::NoParams;
  static constexpr std::string_view name = "SensorMonitor";
  static constexpr std::uint32_t class_version = 1;

  sw::stats::Rolling<sw::stats::Mean> mean_1k{sw::stats::Mean{}, 1000};
  sw::stats::Rolling<sw::stats::Var> var_1k{sw::stats::Var{}, 1000};
  sw::stats::RollingQuantile p99{sw::stats::RollingQuantile::Params{0.99, 1000}};
  sw::metrics::Rolling<sw::metrics::MAE> forecast_mae{1000};
  sw::drift::ADWIN error_drift{};
  double last_value = 0.0;
  std::uint64_t readings = 0;
  std::vector<std::uint64_t> alerts;

  void on_reading(double value) {
    if (readings > 0) {
      forecast_mae.update(value, last_value);
      error_drift.update(std::abs(value - last_value));
      if (error_drift.drift_detected()) alerts.push_back(readings);
    }
    mean_1k.update(value);
    var_1k.update(value);
    p99.update(value);
    last_value = value;
    ++readings;
  }

  const Params& params() const { return params_; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw sw::CheckpointError("SensorMonitor: newer checkpoint");
    ar(mean_1k, var_1k, p99, forecast_mae, error_drift, last_value, readings, alerts);
  }
  friend bool operator==(const SensorMonitor&, const SensorMonitor&) = default;

 private:
  [[no_unique_address]] Params params_{};
};
CEREAL_CLASS_VERSION(SensorMonitor, SensorMonitor::class_version)

static std::vector<double> sensor_readings(std::size_t n) {
  sw::Rng rng(2026);
  std::vector<double> values;
  double level = 20.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == n / 3) level = 24.0;                    // a step change
    const double noise = i > 2 * n / 3 ? 1.5 : 0.3;  // then the sensor gets noisy
    values.push_back(level + rng.normal(0.0, noise));
  }
  return values;
}

int main(int argc, char** argv) {
  const std::filesystem::path dir =
      argc > 1 ? argv[1] : std::filesystem::temp_directory_path() / "streamwise-sensor-example";
  std::filesystem::create_directories(dir);
  const auto checkpoint = dir / "sensor.swc";
  const auto values = sensor_readings(60'000);
  const std::uint64_t every = 10'000;

  // Reference: one process that never stops.
  SensorMonitor uninterrupted;
  for (double v : values) uninterrupted.on_reading(v);

  // The service: checkpoints every 10,000 readings, crashes at 34,567, restarts from the file.
  SensorMonitor live;
  for (std::size_t i = 0; i < 34'567; ++i) {
    live.on_reading(values[i]);
    if (live.readings % every == 0) sw::io::save(live, checkpoint);
  }
  std::printf("crash after %llu readings; last checkpoint on disk covers %llu\n",
              static_cast<unsigned long long>(live.readings),
              static_cast<unsigned long long>(sw::io::load<SensorMonitor>(checkpoint).readings));
  SensorMonitor restarted = sw::io::load<SensorMonitor>(checkpoint);
  for (std::size_t i = restarted.readings; i < values.size(); ++i) {
    restarted.on_reading(values[i]);
    if (restarted.readings % every == 0) sw::io::save(restarted, checkpoint);
  }

  std::printf("readings %llu  rolling mean %.3f  rolling std %.3f  p99 %.3f  forecast MAE %.3f\n",
              static_cast<unsigned long long>(restarted.readings), restarted.mean_1k.get(),
              std::sqrt(restarted.var_1k.get()), restarted.p99.get(), restarted.forecast_mae.get());
  std::printf("drift alerts on the forecast error at readings:");
  for (auto a : restarted.alerts) std::printf(" %llu", static_cast<unsigned long long>(a));
  std::printf("\n");
  const bool same = restarted == uninterrupted;
  std::printf("%s\n", same ? "restarted service == uninterrupted service (bit for bit)"
                           : "ERROR: the restarted service diverged");
  std::filesystem::remove_all(dir);
  return same ? 0 : 1;
}
