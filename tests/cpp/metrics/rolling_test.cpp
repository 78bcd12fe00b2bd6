#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "metrics/other_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/metrics/cross_entropy.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/mse.hpp"
#include "streamwise/metrics/r2.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/metrics/rmsle.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/metrics/rolling.hpp"
#include "streamwise/metrics/smape.hpp"
#if __has_include("streamwise/metrics/accuracy.hpp") && __has_include("streamwise/metrics/f1.hpp")
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/f1.hpp"
#define STREAMWISE_HAVE_CLASSIFICATION_METRICS 1
#endif

namespace sm = streamwise::metrics;
namespace test = streamwise::test;
using sm::Rolling;

// Counts heap allocations, to check that a full window allocates nothing per update. The
// replacements pair malloc with free; GCC's inliner cannot see that and warns, wrongly.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
namespace {
std::atomic<std::size_t> allocations{0};
}
void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

static_assert(streamwise::RegressionMetric<sm::MAE> && sm::RollableMetric<sm::MAE>);
static_assert(streamwise::RegressionMetric<sm::MSE> && sm::RollableMetric<sm::MSE>);
static_assert(streamwise::RegressionMetric<sm::RMSE> && sm::RollableMetric<sm::RMSE>);
static_assert(streamwise::RegressionMetric<sm::RMSLE> && sm::RollableMetric<sm::RMSLE>);
static_assert(streamwise::RegressionMetric<sm::R2> && sm::RollableMetric<sm::R2>);
static_assert(streamwise::RegressionMetric<sm::SMAPE> && sm::RollableMetric<sm::SMAPE>);
static_assert(sm::RollableMetric<sm::LogLoss> && sm::RollableMetric<sm::ROCAUC>);
static_assert(sm::RollableMetric<sm::CrossEntropy>);
static_assert(streamwise::Estimator<Rolling<sm::MAE>>);
static_assert(std::is_same_v<Rolling<sm::MAE>::y_true_type, double>);
static_assert(std::is_same_v<Rolling<sm::ROCAUC>::y_true_type, bool>);
static_assert(std::is_same_v<Rolling<sm::CrossEntropy>::y_pred_type, std::span<const double>>);
static_assert(!Rolling<sm::MAE>::bigger_is_better && Rolling<sm::R2>::bigger_is_better);
static_assert(Rolling<sm::ROCAUC>::bigger_is_better && Rolling<sm::LogLoss>::works_with_weights);

namespace {

constexpr std::int64_t windows[] = {1, 2, 5, 10};

// Runs Rolling<M> with each window size over `n` steps; after every step compares it with
// `direct(lo, hi)`, a from-scratch computation over samples [lo, hi). `direct` returns NaN for a
// window it cannot judge (see R2).
template <class M, class Feed, class Direct>
void check_windows(const std::string& what, std::size_t n, Feed feed, Direct direct,
                   const typename M::Params& metric_params = {}) {
  for (const std::int64_t k : windows) {
    Rolling<M> rolling(k, metric_params);
    for (std::size_t i = 0; i < n; ++i) {
      feed(rolling, i);
      const std::size_t hi = i + 1;
      const std::size_t lo =
          hi > static_cast<std::size_t>(k) ? hi - static_cast<std::size_t>(k) : 0;
      CHECK(rolling.size() == hi - lo);
      const double expected = direct(lo, hi);
      if (std::isnan(expected)) continue;
      test::check_step(what + " (window " + std::to_string(k) + ")", i, rolling.get(), expected);
    }
  }
}

// Weighted mean of loss(j) over [lo, hi); 0 (the empty value) when the weights sum to 0.
template <class Loss>
double window_mean(const std::vector<double>& w, std::size_t lo, std::size_t hi, Loss loss) {
  long double sw = 0, sl = 0;
  for (std::size_t j = lo; j < hi; ++j) {
    sw += w[j];
    sl += w[j] * static_cast<long double>(loss(j));
  }
  return sw == 0 ? 0.0 : static_cast<double>(sl / sw);
}

}  // namespace

TEST_CASE("Rolling regression metrics equal a direct computation on every window") {
  const auto t = test::read_table("metrics/other_regression.csv");
  const auto& y = t["y_true"];
  const auto& p = t["y_pred"];
  const auto& w = t["w"];
  const auto feed = [&](auto& r, std::size_t i) { r.update(y[i], p[i], w[i]); };
  check_windows<sm::MAE>("MAE", t.rows, feed, [&](std::size_t lo, std::size_t hi) {
    return window_mean(w, lo, hi, [&](std::size_t j) { return std::fabs(y[j] - p[j]); });
  });
  const auto squared = [&](std::size_t j) { return (y[j] - p[j]) * (y[j] - p[j]); };
  check_windows<sm::MSE>("MSE", t.rows, feed, [&](std::size_t lo, std::size_t hi) {
    return window_mean(w, lo, hi, squared);
  });
  check_windows<sm::RMSE>("RMSE", t.rows, feed, [&](std::size_t lo, std::size_t hi) {
    return std::sqrt(window_mean(w, lo, hi, squared));
  });
  check_windows<sm::RMSLE>("RMSLE", t.rows, feed, [&](std::size_t lo, std::size_t hi) {
    return std::sqrt(window_mean(w, lo, hi, [&](std::size_t j) {
      const double d = std::log(y[j] + 1) - std::log(p[j] + 1);
      return d * d;
    }));
  });
  check_windows<sm::SMAPE>("SMAPE", t.rows, feed, [&](std::size_t lo, std::size_t hi) {
    return 100 * window_mean(w, lo, hi, [&](std::size_t j) {
             const double den = std::fabs(y[j]) + std::fabs(p[j]);
             return den == 0 ? 0.0 : 2 * std::fabs(y[j] - p[j]) / den;
           });
  });
  check_windows<sm::R2>("R2", t.rows, feed, [&](std::size_t lo, std::size_t hi) {
    long double sw = 0, swy = 0, swyy = 0;
    for (std::size_t j = lo; j < hi; ++j) {
      sw += w[j];
      swy += w[j] * y[j];
      swyy += w[j] * y[j] * y[j];
    }
    // River answers 0 while the total weight is <= 1. A window whose weights sum to 1 exactly is
    // on the edge: the running total carries rounding residues from earlier reverts (River's
    // too), so either side may be taken. Not judged.
    if (std::fabs(static_cast<double>(sw) - 1.0) <= 1e-9) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    if (!(sw > 1)) return 0.0;
    const long double mean = swy / sw;
    long double sst = 0, rss = 0;
    for (std::size_t j = lo; j < hi; ++j) {
      sst += w[j] * (y[j] - mean) * (y[j] - mean);
      rss += w[j] * (y[j] - p[j]) * (y[j] - p[j]);
    }
    // Targets without spread: River's incremental sums leave rounding noise where the exact
    // SS_tot is 0, so 1 - SS_res / SS_tot is noise too (in River as here). Not judged.
    if (sst <= 1e-9 * swyy) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(1 - rss / sst);
  });
}

TEST_CASE("Rolling probabilistic metrics equal a direct computation on every window") {
  const auto b = test::read_table("metrics/other_binary.csv");
  const auto& y = b["y_true"];
  const auto& p = b["p_true"];
  const auto& w = b["w"];
  const auto feed = [&](auto& r, std::size_t i) { r.update(y[i] != 0, p[i], w[i]); };
  check_windows<sm::LogLoss>("LogLoss", b.rows, feed, [&](std::size_t lo, std::size_t hi) {
    return window_mean(w, lo, hi, [&](std::size_t j) {
      const double q = std::clamp(p[j], 1e-15, 1 - 1e-15);
      return y[j] != 0 ? -std::log(q) : -std::log(1 - q);
    });
  });
  for (const bool pos_val : {true, false}) {
    sm::ROCAUC::Params params;
    params.pos_val = pos_val;
    check_windows<sm::ROCAUC>(
        pos_val ? "ROCAUC" : "ROCAUC(pos_val=false)", b.rows, feed,
        [&](std::size_t lo, std::size_t hi) {
          std::vector<test::ScoredSample> window;
          for (std::size_t j = lo; j < hi; ++j) window.push_back({y[j] != 0, p[j], w[j]});
          return test::batch_rocauc(window, 10, pos_val);
        },
        params);
  }
  const auto m = test::read_table("metrics/other_multiclass.csv");
  const auto proba = [&](std::size_t i) {
    return std::array<double, 3>{m["p0"][i], m["p1"][i], m["p2"][i]};
  };
  check_windows<sm::CrossEntropy>(
      "CrossEntropy", m.rows,
      [&](auto& r, std::size_t i) {
        const auto row = proba(i);  // the window must not keep a view of this buffer
        r.update(static_cast<streamwise::ClassId>(m["y_true"][i]), row, m["w"][i]);
      },
      [&](std::size_t lo, std::size_t hi) {
        return window_mean(m["w"], lo, hi, [&](std::size_t j) {
          const auto c = static_cast<std::size_t>(m["y_true"][j]);
          return c < 3 ? -std::log(std::clamp(proba(j)[c], 1e-15, 1 - 1e-15)) : 0.0;
        });
      });
}

#ifdef STREAMWISE_HAVE_CLASSIFICATION_METRICS
TEST_CASE("Rolling wraps the confusion-matrix metrics: Accuracy and F1") {
  static_assert(streamwise::ClassificationMetric<sm::Accuracy> && sm::RollableMetric<sm::Accuracy>);
  static_assert(sm::RollableMetric<sm::F1>);
  static_assert(std::is_same_v<Rolling<sm::Accuracy>::y_pred_type, streamwise::ClassId>);
  const auto s = test::make_stream(600, 21);
  std::vector<streamwise::ClassId> y(s.x.size()), p(s.x.size());
  for (std::size_t i = 0; i < s.x.size(); ++i) {
    y[i] = s.x[i] > 2.0 ? 1 : (s.x[i] > -4.0 ? 0 : 2);
    p[i] = (i % 7 == 0) ? (y[i] + 1) % 3 : y[i];
  }
  const auto feed = [&](auto& r, std::size_t i) { r.update(y[i], p[i], s.w[i]); };
  check_windows<sm::Accuracy>("Accuracy", y.size(), feed, [&](std::size_t lo, std::size_t hi) {
    return window_mean(s.w, lo, hi, [&](std::size_t j) { return y[j] == p[j] ? 1.0 : 0.0; });
  });
  check_windows<sm::F1>("F1", y.size(), feed, [&](std::size_t lo, std::size_t hi) {
    long double tp = 0, fp = 0, fn = 0;
    for (std::size_t j = lo; j < hi; ++j) {
      tp += (y[j] == 1 && p[j] == 1) ? s.w[j] : 0.0;
      fp += (y[j] != 1 && p[j] == 1) ? s.w[j] : 0.0;
      fn += (y[j] == 1 && p[j] != 1) ? s.w[j] : 0.0;
    }
    const long double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
    const long double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
    if (precision + recall == 0) return 0.0;
    return static_cast<double>(2 * precision * recall / (precision + recall));
  });
}
#endif

TEST_CASE("Rolling follows River's utils.Rolling example") {
  Rolling<sm::MAE> mae(3);
  const double y_true[] = {3, -0.5, 2, 7};
  const double y_pred[] = {2.5, 0.0, 2, 8};
  const double expected[] = {0.5, 0.5, 1.0 / 3.0, 0.5};
  for (int i = 0; i < 4; ++i) {
    mae.update(y_true[i], y_pred[i]);
    CHECK(test::close(mae.get(), expected[i]));
  }
  CHECK(mae.size() == 3);
  CHECK(mae.window_size() == 3);
  CHECK(mae.metric().params() == sm::MAE::Params{});
}

TEST_CASE("Rolling edge cases: empty, a window of one, zero weights, one class only") {
  Rolling<sm::R2> r2(1);
  CHECK(r2.get() == 0.0);
  CHECK(r2.size() == 0);
  for (int i = 0; i < 5; ++i) r2.update(i, i + 1.0);  // River divides by zero here
  CHECK(r2.get() == 0.0);
  CHECK(r2.metric().n() == 1.0);
  Rolling<sm::MAE> mae(2);
  mae.update(1.0, 3.0);
  mae.update(1.0, 5.0, 0.0);
  CHECK(mae.get() == 2.0);
  mae.update(1.0, 7.0, 0.0);  // the window now holds two zero-weight samples
  CHECK(mae.get() == 0.0);
  CHECK(mae.metric() == sm::MAE{});
  Rolling<sm::ROCAUC> roc(3);
  for (int i = 0; i < 6; ++i) roc.update(true, 0.1 * i);
  CHECK(roc.get() == 0.0);
  roc.update(false, 0.9);
  roc.update(false, 0.95);
  roc.update(false, 1.0);
  CHECK(roc.metric() == [] {
    sm::ROCAUC only_negatives;
    only_negatives.update(false, 0.9);
    only_negatives.update(false, 0.95);
    only_negatives.update(false, 1.0);
    return only_negatives;
  }());
}

TEST_CASE("Rolling rejects bad input without changing state") {
  for (const std::size_t n : {std::size_t{2}, std::size_t{9}}) {  // filling, then full
    Rolling<sm::RMSLE> rolling(4);
    for (std::size_t i = 0; i < n; ++i) rolling.update(0.5 * static_cast<double>(i), 1.0);
    const auto before = rolling;
    CHECK_THROWS_WITH_AS(rolling.update(std::nan(""), 1.0), "RMSLE: y_true must be finite, got nan",
                         streamwise::InvalidInput);
    CHECK_THROWS_WITH_AS(rolling.update(-3.0, 1.0), "RMSLE: y_true must be > -1, got -3.000000",
                         streamwise::InvalidInput);
    CHECK_THROWS_WITH_AS(rolling.update(1.0, 1.0, -1.0),
                         "RMSLE: weight w must be finite and >= 0, got -1.000000",
                         streamwise::InvalidInput);
    CHECK(rolling == before);
  }
  Rolling<sm::CrossEntropy> ce(2);
  const double ok[] = {0.5, 0.5};
  const double bad[] = {0.5, 1.5};
  ce.update(0, ok);
  ce.update(1, ok);
  const auto before = ce;
  CHECK_THROWS_WITH_AS(ce.update(0, bad),
                       "CrossEntropy: proba[1] must be a probability in [0, 1], got 1.500000",
                       streamwise::InvalidInput);
  CHECK(ce == before);
}

TEST_CASE("Rolling allocates nothing per update once the window is full") {
  Rolling<sm::ROCAUC> roc(50);
  Rolling<sm::R2> r2(50);
  Rolling<sm::CrossEntropy> ce(50);
  const double proba[] = {0.2, 0.3, 0.5};
  for (int i = 0; i < 50; ++i) {
    roc.update(i % 3 == 0, 0.01 * i);
    r2.update(i, i % 5);
    ce.update(static_cast<streamwise::ClassId>(i % 3), proba);
  }
  const std::size_t before = allocations.load();
  for (int i = 0; i < 1'000; ++i) {
    roc.update(i % 3 == 0, 0.001 * i);
    r2.update(i, i % 5);
    ce.update(static_cast<streamwise::ClassId>(i % 4), proba);
  }
  CHECK(allocations.load() == before);
}

TEST_CASE("Rolling validates its parameters") {
  CHECK_THROWS_WITH_AS(Rolling<sm::MAE>(0), "Rolling: window_size must be >= 1",
                       std::invalid_argument);
  CHECK_THROWS_AS(Rolling<sm::MAE>(-3), std::invalid_argument);
  sm::ROCAUC::Params bad;
  bad.n_thresholds = 1;
  CHECK_THROWS_WITH_AS(Rolling<sm::ROCAUC>(10, bad), "ROCAUC: n_thresholds must be >= 2",
                       std::invalid_argument);
  CHECK(Rolling<sm::MAE>{}.window_size() == 10);
  Rolling<sm::ROCAUC>::Params p;
  p.window_size = 7;
  p.cls.params_.n_thresholds = 25;
  const Rolling<sm::ROCAUC> roc(p);
  const Rolling<sm::ROCAUC> designated(100, {.n_thresholds = 20});
  CHECK(designated.metric().thresholds().size() == 20);
  const Rolling<sm::MAE> from_params({.cls = {}, .window_size = 4});
  CHECK(from_params.window_size() == 4);
  CHECK(roc.metric().params().n_thresholds == 25);
  CHECK(
      streamwise::to_json(streamwise::spec_of(roc)) ==
      R"({"type":"Rolling","params":{"cls":{"type":"ROCAUC","params":{"n_thresholds":25,"pos_val":true}},"window_size":7}})");
  CHECK(streamwise::to_json(streamwise::spec_of(Rolling<sm::MAE>(3))) ==
        R"({"type":"Rolling","params":{"cls":{"type":"MAE","params":{}},"window_size":3}})");
  const auto from_list = streamwise::params_from_list<Rolling<sm::MAE>::Params>(
      {{"window_size", std::int64_t{12}}}, "Rolling");
  CHECK(from_list.window_size == 12);
  CHECK_THROWS_WITH_AS(streamwise::params_from_list<Rolling<sm::MAE>::Params>(
                           {{"window_size", std::int64_t{0}}}, "Rolling"),
                       "Rolling: window_size must be >= 1", std::invalid_argument);
}

TEST_CASE("Rolling checkpoint round-trip keeps the window and behaviour") {
  const auto t = test::read_table("metrics/other_regression.csv");
  for (const std::size_t cut : {std::size_t{3}, std::size_t{150}}) {  // filling, wrapped around
    Rolling<sm::R2> original(7);
    for (std::size_t i = 0; i < cut; ++i)
      original.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
    Rolling<sm::R2> restored = test::roundtrip(original);
    CHECK(restored == original);
    for (std::size_t i = cut; i < t.rows; ++i) {
      original.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
      restored.update(t["y_true"][i], t["y_pred"][i], t["w"][i]);
      if (restored.get() != original.get()) FAIL("diverged at step " << i);
    }
    CHECK(restored == original);
  }
  Rolling<sm::ROCAUC> roc(5, sm::ROCAUC::Params{20, false});
  Rolling<sm::CrossEntropy> ce(4);
  const double proba[] = {0.1, 0.9};
  for (int i = 0; i < 13; ++i) {
    roc.update(i % 2 == 0, 0.07 * i);
    ce.update(static_cast<streamwise::ClassId>(i % 3), proba, 0.5 * i);
  }
  CHECK(test::roundtrip(roc) == roc);
  CHECK(test::roundtrip(ce) == ce);
}

namespace {
// Rolling<MAE>'s checkpoint layout with arbitrary contents, to feed the loader bad files.
struct ForgedRolling {
  using Params = Rolling<sm::MAE>::Params;
  static constexpr std::string_view name = "Rolling";
  Params p;
  sm::MAE metric;
  std::vector<Rolling<sm::MAE>::Entry> window;
  std::uint64_t oldest = 0;
  const Params& params() const { return p; }
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t) {
    ar(p, metric, window, oldest);
  }
};
}  // namespace
CEREAL_CLASS_VERSION(ForgedRolling, 1)

TEST_CASE("Rolling refuses inconsistent checkpoints") {
  ForgedRolling forged;
  forged.p.window_size = 2;
  forged.window.resize(3);  // more than the window holds
  CHECK_THROWS_WITH_AS(test::roundtrip_as<Rolling<sm::MAE>>(forged),
                       "Rolling: inconsistent window in checkpoint", streamwise::CheckpointError);
  forged.window.resize(2);
  forged.oldest = 2;  // points past the buffer
  CHECK_THROWS_AS(test::roundtrip_as<Rolling<sm::MAE>>(forged), streamwise::CheckpointError);
  forged.oldest = 1;
  CHECK_NOTHROW(test::roundtrip_as<Rolling<sm::MAE>>(forged));
  forged.p.window_size = 0;
  CHECK_THROWS_WITH_AS(
      test::roundtrip_as<Rolling<sm::MAE>>(forged),
      "Rolling: invalid parameters in checkpoint: Rolling: window_size must be >= 1",
      streamwise::CheckpointError);
}
