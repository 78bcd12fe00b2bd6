#pragma once
/// @file
/// Test-then-train evaluation of a model on a stream, River's `evaluate.progressive_val_score`.

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <optional>
#include <ranges>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "streamwise/core/concepts.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"

namespace streamwise::evaluate {

/// One labelled sample of a stream: features, target (`ClassId` for classifiers, `double` for
/// regressors) and the weight passed to `learn_one` (the metric is not weighted, as in River).
template <class Target>
struct LabelledSample {
  DenseView x;     ///< Features; must stay valid until the next sample is requested.
  Target y{};      ///< Ground truth.
  double w = 1.0;  ///< Sample weight for `learn_one`.
};

/// How to run the evaluation.
struct ProgressiveOptions {
  /// River's integer `delay`: the label of sample `i` is revealed (scored and learnt) when sample
  /// `i + delay` arrives, before it is predicted; labels still pending at the end of the stream
  /// are revealed then, in arrival order. `nullopt` is River's `None` (test then train at once);
  /// 0 and 1 give the same answers as `nullopt`, as in River.
  std::optional<std::uint64_t> delay = std::nullopt;
  /// Report every `print_every` answers (0: never), and once more at the end if the last report
  /// was not on the last answer — River's `print_every` checkpoints.
  std::uint64_t print_every = 0;
};

/// A report callback that does nothing.
struct NoReport {
  /// Ignores the report.
  template <class Metric>
  void operator()(std::uint64_t /*n_answers*/, const Metric& /*metric*/) const {}
};

namespace detail {

template <class Model>
constexpr bool is_classifier = Classifier<Model>;
template <class Model>
constexpr bool is_regressor = Regressor<Model> && !Classifier<Model>;

template <class Model>
using target_t = std::conditional_t<is_classifier<Model>, ClassId, double>;

// One prediction; `valid` is false where River's prediction is None or `{}` (a classifier that
// knows no class yet), which River does not score.
template <class P>
struct Prediction {
  P value{};
  bool valid = false;
};

// A multiclass probabilistic metric (CrossEntropy): `update(y_true, probabilities)`.
template <class Metric>
concept multiclass_probabilistic = requires(Metric m, ClassId y, std::span<const double> p) {
  m.update(y, p);
};

// How a classifier is scored: by its class (predict_one), by the probability of class id 1
// (River's `True`) for binary probabilistic metrics (LogLoss, ROCAUC), or by all its
// probabilities (CrossEntropy). River calls predict_proba_one for the last two.
enum class Scoring { label, binary_proba, all_probas, regression };

template <class Model, class Metric>
constexpr Scoring scoring() {
  if constexpr (!is_classifier<Model>) {
    return Scoring::regression;
  } else if constexpr (ProbabilisticMetric<Metric>) {
    return Scoring::binary_proba;
  } else if constexpr (multiclass_probabilistic<Metric>) {
    return Scoring::all_probas;
  } else {
    return Scoring::label;
  }
}

template <class Model, class Metric>
using prediction_t =
    std::conditional_t<scoring<Model, Metric>() == Scoring::binary_proba, double,
                       std::conditional_t<scoring<Model, Metric>() == Scoring::all_probas,
                                          std::vector<double>, target_t<Model>>>;

// Predicts `x` into `out`, reusing its storage (no allocation once warm).
template <class Model, class Metric, class P>
void predict_into(const Model& model, DenseView x, std::vector<double>& proba, Prediction<P>& out) {
  constexpr Scoring how = scoring<Model, Metric>();
  out.valid = false;
  if constexpr (how == Scoring::regression) {
    out.value = static_cast<double>(model.predict_one(x));
    out.valid = true;
  } else {
    const std::size_t n = model.n_classes();
    if (n == 0) return;
    if constexpr (how == Scoring::label) {
      out.value = model.predict_one(x);
    } else if constexpr (how == Scoring::binary_proba) {
      proba.resize(n);
      model.predict_proba_one(x, proba);
      out.value = n > 1 ? proba[1] : 0.0;  // River: y_pred.get(True, 0.0)
    } else {
      out.value.resize(n);
      model.predict_proba_one(x, out.value);
    }
    out.valid = true;
  }
}

template <class Model, class Metric>
constexpr void check_compatible() {
  static_assert(is_classifier<Model> || is_regressor<Model>,
                "progressive_val_score needs a Classifier or a Regressor");
  if constexpr (is_classifier<Model>) {
    static_assert(ClassificationMetric<Metric> || ProbabilisticMetric<Metric> ||
                      multiclass_probabilistic<Metric>,
                  "a classifier needs a classification metric (labels or probabilities)");
  } else {
    static_assert(RegressionMetric<Metric>, "a regressor needs a RegressionMetric");
  }
}

template <class Model, class Metric, class Target, class P>
void update_metric(Metric& metric, Target y, const Prediction<P>& y_pred) {
  if (!y_pred.valid) return;
  if constexpr (scoring<Model, Metric>() == Scoring::binary_proba) {
    metric.update(y == 1, y_pred.value);
  } else if constexpr (scoring<Model, Metric>() == Scoring::all_probas) {
    metric.update(y, std::span<const double>(y_pred.value));
  } else {
    metric.update(y, y_pred.value);
  }
}

// A sample whose label has not been revealed yet; its features are copied (River deep-copies
// them too), because the caller's view is only valid until the next sample.
template <class Target, class P>
struct Pending {
  std::uint64_t index = 0;
  std::vector<double> x;
  Target y{};
  double w = 1.0;
  Prediction<P> y_pred;
};

// A callable that fills the next sample and returns false at the end of the stream.
template <class Next, class Model>
concept sample_source = std::invocable < Next&,
        LabelledSample<target_t<Model>>
& > ;

// A range of samples (that is not also a sample source).
template <class Range, class Model>
concept sample_range = std::ranges::input_range<Range> && !sample_source<Range, Model>;

template <class E>
DenseView as_view(const E& e) {
  if constexpr (std::is_convertible_v<const E&, DenseView>) {
    return e;
  } else {
    return DenseView{std::span<const double>(e)};
  }
}

}  // namespace detail

/// Evaluates `model` on a stream with River's progressive validation and returns
/// `metric.get()` (the metric itself is updated in place, as River returns it).
///
/// `next(sample)` fills a `LabelledSample<Target>` and returns true, or returns false at the end
/// of the stream. `Metric` is, for a classifier, a `ClassificationMetric` (scored with
/// `predict_one`), a binary `ProbabilisticMetric` such as LogLoss (scored with the probability
/// of class id 1, River's `True`, from `predict_proba_one`) or a multiclass probabilistic one
/// such as CrossEntropy (all probabilities); for a regressor, a `RegressionMetric`.
/// Each sample is first predicted, then (at once, or `delay` samples later)
/// the metric is updated with that prediction and the model learns the sample. A classifier's
/// prediction made before it knows any class (River's None) is not scored, but the sample is
/// still learnt. `report(n_answers, metric)` is called as described in
/// `ProgressiveOptions::print_every`.
///
/// Errors from the model (bad samples) propagate; the model and metric then hold the state
/// reached before the failing sample.
///
/// ```cpp
/// auto model = compose::make_pipeline(preprocessing::StandardScaler{}, naive_bayes::GaussianNB{});
/// metrics::Accuracy acc;
/// std::vector<std::pair<std::vector<double>, ClassId>> data = ...;
/// const double score = evaluate::progressive_val_score(data, model, acc);
/// ```
template <class Model, class Metric, detail::sample_source<Model> Next, class Report = NoReport>
double progressive_val_score(Next&& next, Model& model, Metric& metric,
                             const ProgressiveOptions& options = {}, Report&& report = {}) {
  detail::check_compatible<Model, Metric>();
  using Target = detail::target_t<Model>;
  using P = detail::prediction_t<Model, Metric>;
  std::vector<double> proba;  // scratch for predict_proba_one
  const std::uint64_t every = options.print_every;
  std::uint64_t n_answers = 0;
  std::uint64_t prev_checkpoint = 0;
  std::uint64_t next_checkpoint = every;

  auto answer = [&](DenseView x, Target y, double w, const detail::Prediction<P>& y_pred) {
    detail::update_metric<Model>(metric, y, y_pred);
    model.learn_one(x, y, w);
    ++n_answers;
    if (every != 0 && n_answers == next_checkpoint) {
      report(n_answers, static_cast<const Metric&>(metric));
      prev_checkpoint = next_checkpoint;
      next_checkpoint += every;
    }
  };

  LabelledSample<Target> sample;
  if (!options.delay) {
    detail::Prediction<P> y_pred;
    while (next(sample)) {
      detail::predict_into<Model, Metric>(model, sample.x, proba, y_pred);
      answer(sample.x, sample.y, sample.w, y_pred);
    }
  } else {
    const std::uint64_t delay = *options.delay;
    std::deque<detail::Pending<Target, P>> pending;
    std::vector<detail::Pending<Target, P>> spare;  // recycled entries (their buffers)
    auto reveal_front = [&] {
      auto& p = pending.front();
      answer(DenseView{p.x}, p.y, p.w, p.y_pred);
      spare.push_back(std::move(p));
      pending.pop_front();
    };
    for (std::uint64_t i = 0; next(sample); ++i) {
      while (!pending.empty() && pending.front().index + delay <= i) reveal_front();
      detail::Pending<Target, P> p;
      if (!spare.empty()) {
        p = std::move(spare.back());
        spare.pop_back();
      }
      p.x.assign(sample.x.values.begin(), sample.x.values.end());
      p.index = i;
      p.y = sample.y;
      p.w = sample.w;
      detail::predict_into<Model, Metric>(model, sample.x, proba, p.y_pred);
      pending.push_back(std::move(p));
    }
    while (!pending.empty()) reveal_front();
  }
  if (prev_checkpoint != 0 && n_answers != prev_checkpoint) {
    report(n_answers, static_cast<const Metric&>(metric));
  }
  return metric.get();
}

/// Overload for a range of samples: each element is a `LabelledSample`, or a tuple-like
/// `(x, y)` or `(x, y, w)` whose `x` is a `DenseView` or anything a `std::span<const double>`
/// can view (a `std::vector<double>`...).
template <class Model, class Metric, detail::sample_range<Model> Range, class Report = NoReport>
double progressive_val_score(Range&& dataset, Model& model, Metric& metric,
                             const ProgressiveOptions& options = {}, Report&& report = {}) {
  using Target = detail::target_t<Model>;
  auto it = std::ranges::begin(dataset);
  auto end = std::ranges::end(dataset);
  auto next = [&](LabelledSample<Target>& s) {
    if (it == end) return false;
    const auto& e = *it;
    using E = std::remove_cvref_t<decltype(e)>;
    if constexpr (std::is_same_v<E, LabelledSample<Target>>) {
      s = e;
    } else {
      s.x = detail::as_view(std::get<0>(e));
      s.y = static_cast<Target>(std::get<1>(e));
      if constexpr (std::tuple_size_v < E >> 2) {
        s.w = static_cast<double>(std::get<2>(e));
      } else {
        s.w = 1.0;
      }
    }
    ++it;
    return true;
  };
  return progressive_val_score(next, model, metric, options, std::forward<Report>(report));
}

}  // namespace streamwise::evaluate
