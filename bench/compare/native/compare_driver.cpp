/// @file
/// `compare_driver`: the `streamwise_native` runner of bench/compare (contract in
/// bench/compare/README.md, "The streamwise slots").
///
///     compare_driver MODEL CSV TARGET TASK [--n N] [--seed S]
///
/// Reads a stream written by bench/compare/streams.py into memory, builds one model with
/// River's defaults (HAT and ARF with seed 42, as the River runner), runs progressive validation
/// (predict, score, learn) or the series updates over every row, timing only that loop with
/// `std::chrono::steady_clock`, and prints one line of JSON on stdout:
/// `{"n", "metric_name", "metric", "seconds", "samples_per_s", "repetitions", "curve",
/// "detections", "peak_rss_kb"}`. Exit 2 (with a reason on stderr) for a model this build does
/// not have.
///
/// A run shorter than 0.3 s is repeated from scratch (a fresh model each time) until 0.3 s have
/// been spent or 25 runs made, and `seconds` is the median run: a few milliseconds of a busy
/// machine would otherwise decide the ratio. Every repetition must give the same metric (the
/// models are deterministic); a difference is an error.
///
/// Class labels are interned in order of first appearance, as River's dicts of class counts
/// are, so ties break the same way; LogisticRegression keeps River's fixed {0: False, 1: True}.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/compose/pipeline.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/forest/arf_classifier.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "streamwise/stats/quantile.hpp"
#include "streamwise/stats/var.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/version.hpp"

#if __has_include("streamwise/tree/hoeffding_adaptive_tree_classifier.hpp")
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#define COMPARE_HAS_HAT 1
#else
#define COMPARE_HAS_HAT 0
#endif

namespace {

namespace sw = streamwise;

// River's HAT and ARF default to seed=None; the runners fix it (42 unless --seed says otherwise)
std::int64_t seed = 42;

/// A stream held in memory: features row-major, in header order without the target.
struct Stream {
  std::vector<std::string> names;
  std::size_t d = 0;
  std::vector<double> x;
  std::vector<double> y;  // class labels (integers) or regression targets
  std::size_t n() const { return d == 0 ? 0 : x.size() / d; }
  sw::DenseView row(std::size_t i) const {
    return sw::DenseView{std::span<const double>(x).subspan(i * d, d)};
  }
};

[[noreturn]] void fail(const std::string& msg, int code = 1) {
  std::cerr << "compare_driver: " << msg << '\n';
  std::exit(code);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

double parse(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) fail("not a number: '" + s + "'");
  return v;
}

Stream read_csv(const std::string& path, const std::string& target, std::optional<std::size_t> n) {
  std::ifstream in(path);
  if (!in) fail("cannot open " + path);
  std::string line;
  if (!std::getline(in, line)) fail(path + " is empty");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split(line);
  std::optional<std::size_t> ti;
  if (target != "-") {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == target) ti = i;
    if (!ti) fail("no column '" + target + "' in " + path);
  }
  Stream s;
  for (std::size_t i = 0; i < header.size(); ++i)
    if (!ti || i != *ti) s.names.push_back(header[i]);
  s.d = s.names.size();
  std::size_t rows = 0;
  while ((!n || rows < *n) && std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto cells = split(line);
    if (cells.size() != header.size()) fail("ragged row " + std::to_string(rows + 1));
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (ti && i == *ti)
        s.y.push_back(parse(cells[i]));
      else
        s.x.push_back(parse(cells[i]));
    }
    ++rows;
  }
  return s;
}

long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

std::string num(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "\"nan\"" : (v > 0 ? "\"inf\"" : "\"-inf\"");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

struct Result {
  std::string metric_name;
  double metric = 0.0;
  double seconds = 0.0;
  std::vector<double> curve;
  std::optional<std::vector<std::size_t>> detections;
};

std::size_t curve_step(std::size_t n) { return n / 100 > 0 ? n / 100 : 1; }

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Progressive accuracy. `fixed_ids`: labels are the class ids themselves (binary logistic
/// regression, River's {False, True}); otherwise ids follow first appearance. A model with no
/// class yet gives no prediction, which counts as wrong (River's None).
template <class Model>
Result run_classifier(Model& model, const Stream& s, bool fixed_ids) {
  const std::size_t n = s.n(), step = curve_step(n);
  // Interning labels is bookkeeping River's runner does not time either (its labels are ready).
  std::vector<sw::ClassId> ids(n);
  sw::LabelEncoder<long long> enc;
  for (std::size_t i = 0; i < n; ++i) {
    const auto label = static_cast<long long>(s.y[i]);
    ids[i] = fixed_ids ? static_cast<sw::ClassId>(label) : enc.encode(label);
  }
  Result r{.metric_name = "accuracy"};
  r.curve.reserve(n / step);
  std::size_t correct = 0;
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = s.row(i);
    if (model.n_classes() > 0 && model.predict_one(x) == ids[i]) ++correct;
    model.learn_one(x, ids[i]);
    if ((i + 1) % step == 0) r.curve.push_back(static_cast<double>(correct) / double(i + 1));
  }
  r.seconds = since(t0);
  r.metric = n ? static_cast<double>(correct) / double(n) : 0.0;
  return r;
}

template <class Model>
Result run_regressor(Model& model, const Stream& s) {
  const std::size_t n = s.n(), step = curve_step(n);
  Result r{.metric_name = "mae"};
  r.curve.reserve(n / step);
  double abs_err = 0.0;
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = s.row(i);
    abs_err += std::abs(s.y[i] - model.predict_one(x));
    model.learn_one(x, s.y[i]);
    if ((i + 1) % step == 0) r.curve.push_back(abs_err / double(i + 1));
  }
  r.seconds = since(t0);
  r.metric = n ? abs_err / double(n) : 0.0;
  return r;
}

Result run_series(const std::string& model, const Stream& s) {
  const std::size_t n = s.n(), step = curve_step(n);
  Result r;
  r.curve.reserve(n / step);
  const std::vector<double>& v = s.x;  // one column
  if (model == "adwin") {
    sw::drift::ADWIN adwin;
    std::vector<std::size_t> det;
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
      adwin.update(v[i]);
      if (adwin.drift_detected()) det.push_back(i);
      if ((i + 1) % step == 0) r.curve.push_back(static_cast<double>(det.size()));
    }
    r.seconds = since(t0);
    r.metric_name = "n_detections";
    r.metric = static_cast<double>(det.size());
    r.detections = std::move(det);
    return r;
  }
  auto loop = [&](auto& stat, const char* metric_name) {
    const auto t0 = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
      stat.update(v[i]);
      if ((i + 1) % step == 0) r.curve.push_back(stat.get());
    }
    r.seconds = since(t0);
    r.metric_name = metric_name;
    r.metric = stat.get();
  };
  if (model == "var") {
    sw::stats::Var var;
    loop(var, "variance");
  } else {
    sw::stats::Quantile quantile;  // q = 0.5
    loop(quantile, "median");
  }
  return r;
}

Result run(const std::string& model, const Stream& s, const std::string& task) {
  if (task == "series") {
    if (model != "adwin" && model != "var" && model != "quantile")
      fail("model " + model + " is not a series model");
    if (s.d != 1) fail("a series stream has one column");
    return run_series(model, s);
  }
  if (task == "classification") {
    if (model == "scaler_logreg") {
      auto m = sw::compose::make_pipeline(sw::preprocessing::StandardScaler{},
                                          sw::linear_model::LogisticRegression{});
      return run_classifier(m, s, true);
    }
    if (model == "ht_clf") {
      sw::tree::HoeffdingTreeClassifier<> m;
      return run_classifier(m, s, false);
    }
    if (model == "hat_clf") {
#if COMPARE_HAS_HAT
      sw::tree::HoeffdingAdaptiveTreeClassifier<> m({.seed = seed});
      return run_classifier(m, s, false);
#else
      fail("hat_clf: HoeffdingAdaptiveTreeClassifier is not in this build", 2);
#endif
    }
    if (model == "arf10_clf") {
      sw::forest::ARFClassifier m({.n_models = 10, .seed = seed});
      return run_classifier(m, s, false);
    }
  }
  if (task == "regression") {
    if (model == "linreg") {
      sw::linear_model::LinearRegression m;
      return run_regressor(m, s);
    }
    if (model == "ht_reg") {
      sw::tree::HoeffdingTreeRegressor<> m;
      return run_regressor(m, s);
    }
  }
  fail("model " + model + " does not run on a " + task + " stream");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5 || argc % 2 == 0) {
    std::cerr << "usage: compare_driver MODEL CSV TARGET TASK [--n N] [--seed S]\n";
    return 1;
  }
  const std::string model = argv[1], csv = argv[2], target = argv[3], task = argv[4];
  std::optional<std::size_t> n;
  for (int i = 5; i + 1 < argc; i += 2) {
    const std::string_view option = argv[i];
    if (option == "--n") {
      n = static_cast<std::size_t>(std::strtoull(argv[i + 1], nullptr, 10));
    } else if (option == "--seed") {
      seed = std::strtoll(argv[i + 1], nullptr, 10);
    } else {
      fail(std::string("unknown option ") + argv[i]);
    }
  }
  if (task != "classification" && task != "regression" && task != "series")
    fail("TASK must be classification, regression or series");
  if (model == "hat_clf" && !COMPARE_HAS_HAT)
    fail("hat_clf: HoeffdingAdaptiveTreeClassifier is not in this build", 2);
  const Stream s = read_csv(csv, task == "series" ? "-" : target, n);
  Result r;
  std::vector<double> times;
  try {
    r = run(model, s, task);
    times.push_back(r.seconds);
    double spent = r.seconds;
    while (spent < 0.3 && times.size() < 25) {
      const Result again = run(model, s, task);
      if (again.metric != r.metric) fail("a repetition gave a different metric");
      times.push_back(again.seconds);
      spent += again.seconds;
    }
  } catch (const std::exception& e) {
    fail(std::string("error: ") + e.what());
  }
  std::sort(times.begin(), times.end());
  r.seconds = times[times.size() / 2];
  const std::size_t rows = s.n();
  std::ostringstream out;
  out << "{\"n\": " << rows << ", \"metric_name\": \"" << r.metric_name
      << "\", \"metric\": " << num(r.metric) << ", \"seconds\": " << num(r.seconds)
      << ", \"samples_per_s\": "
      << (r.seconds > 0 ? num(static_cast<double>(rows) / r.seconds) : "null")
      << ", \"repetitions\": " << times.size() << ", \"curve_step\": " << curve_step(rows)
      << ", \"curve\": [";
  for (std::size_t i = 0; i < r.curve.size(); ++i) out << (i ? ", " : "") << num(r.curve[i]);
  out << "]";
  if (r.detections) {
    out << ", \"detections\": [";
    for (std::size_t i = 0; i < r.detections->size(); ++i)
      out << (i ? ", " : "") << (*r.detections)[i];
    out << "]";
  }
  out << ", \"version\": \"" << sw::version_string << "\"";
  out << ", \"peak_rss_kb\": " << peak_rss_kb() << "}\n";
  std::cout << out.str();
  return 0;
}
