#pragma once
/// @file
/// A chain of transformers ending in a classifier, regressor or transformer, River's
/// `compose.Pipeline`.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::compose {

/// Transformers applied in order, then a final estimator, all held by value.
///
/// Semantics are River's (0.19 and later, without `learn_during_predict`):
/// - `learn_one(x, y)`: each transformer learns from its input, then transforms it for the next
///   step; the final step learns from the last output (with `y` and `w`).
/// - `predict_one` / `predict_proba_one` / `transform_one` only transform: nothing learns.
///
/// Each step writes into its own buffer, sized by the step's `n_outputs(x)` (or `x.size()` for
/// transformers that keep ids and predate `n_outputs`), so once the buffers have grown a call
/// neither allocates nor dispatches virtually. The buffers are scratch space: a `Pipeline` is
/// not safe to use from two threads at once, even through `const` methods.
///
/// A `Pipeline` is a `Classifier`, `Regressor` or `Transformer` when its last step is, so it can
/// itself be a step (in another pipeline or in a `TransformerUnion`).
///
/// Bad input leaves every step unchanged: infinite values, bad weights and non-finite
/// regression targets are rejected before any step learns, and a class id the final classifier
/// refuses (possible only for an id it has not seen) rolls the transformers back.
///
/// ```cpp
/// using namespace streamwise;
/// auto model = compose::make_pipeline(preprocessing::StandardScaler{},
///                                     naive_bayes::GaussianNB{});
/// const double x[] = {1.0, 2.0};
/// model.learn_one(DenseView{x}, ClassId{0});
/// model.predict_one(DenseView{x});  // 0
/// ```
template <class... Steps>
class Pipeline {
  static_assert(sizeof...(Steps) >= 1, "a Pipeline needs at least one step");

 public:
  /// Number of steps.
  static constexpr std::size_t n_steps = sizeof...(Steps);
  /// Type of step `I`.
  template <std::size_t I>
  using step_type = std::tuple_element_t<I, std::tuple<Steps...>>;
  /// Type of the final step.
  using last_type = step_type<n_steps - 1>;

 private:
  static constexpr bool last_is_classifier = detail::classifier_step<last_type>;
  static constexpr bool last_is_regressor = detail::regressor_step<last_type>;
  static constexpr bool last_is_transformer = detail::transformer_step<last_type>;
  static_assert(last_is_classifier || last_is_regressor || last_is_transformer,
                "the last step must be a Classifier, a Regressor or a Transformer");

  template <std::size_t... I>
  static constexpr bool all_but_last_transform(std::index_sequence<I...>) {
    return (detail::transformer_step<step_type<I>> && ...);
  }
  static_assert(all_but_last_transform(std::make_index_sequence<n_steps - 1>{}),
                "every step but the last must be a Transformer");

  template <std::size_t I>
  static constexpr bool sparse_producer_at() {
    if constexpr (I < n_steps) {
      return detail::sparse_output<step_type<I>>;
    } else {
      return false;
    }
  }
  static constexpr bool first_step_sparse_in_out() {
    if constexpr (n_steps == 2) {
      return detail::sparse_in_out<step_type<0>>;
    } else {
      return false;
    }
  }

 public:
  /// True when the step before the last can write sparse output and the last step takes it
  /// (e.g. `FeatureHasher | LogisticRegression`): that hand-over is then sparse, so the cost
  /// of a sample depends on its hashed features, not on the width of the hashing space.
  static constexpr bool sparse_tail =
      n_steps >= 2 && sparse_producer_at<n_steps - 2>() && detail::sparse_input<last_type>;
  /// True when the pipeline also takes sparse samples (`learn_one(SparseView, ...)`): two
  /// steps, the first taking and producing sparse samples, the last taking them.
  static constexpr bool sparse_input = sparse_tail && first_step_sparse_in_out();

 private:
  // Number of leading steps whose output goes to a dense buffer.
  static constexpr std::size_t n_dense_steps = sparse_tail ? n_steps - 2 : n_steps - 1;

 public:
  /// The steps' specs, named River's way (class name, `Name1` for a repeat). A pipeline is
  /// built from steps, not from this list (the factory rebuilds it from the specs).
  using Params = detail::CompositeParams;

  static constexpr std::string_view name = "Pipeline";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are accepted when the first step accepts them.
  static constexpr bool accepts_nominal = detail::accepts_nominal_of<step_type<0>>();

  /// Default-constructed steps (River's defaults for each).
  Pipeline() { refresh_params(); }
  /// Takes the steps, in order.
  explicit Pipeline(Steps... steps) : steps_(std::move(steps)...) { refresh_params(); }

  Pipeline(const Pipeline& other) : steps_(other.steps_), space_(other.space_) { refresh_params(); }
  Pipeline(Pipeline&& other) noexcept(std::is_nothrow_move_constructible_v<std::tuple<Steps...>>)
      : steps_(std::move(other.steps_)), params_(std::move(other.params_)), space_(other.space_) {}
  Pipeline& operator=(const Pipeline& other) {
    if (this != &other) {
      steps_ = other.steps_;
      params_ = other.params_;
      space_ = other.space_;
    }
    return *this;
  }
  Pipeline& operator=(Pipeline&& other) noexcept(
      std::is_nothrow_move_assignable_v<std::tuple<Steps...>>) {
    steps_ = std::move(other.steps_);
    params_ = std::move(other.params_);
    space_ = other.space_;
    return *this;
  }
  ~Pipeline() = default;

  // ---- classifier ---------------------------------------------------------------------------

  /// Learns `(x, y)` with weight `w`: transformers learn then transform, the final classifier
  /// learns. Throws `InvalidInput` (every step unchanged) for an infinite value, a bad weight,
  /// or a class id the final step refuses.
  void learn_one(DenseView x, ClassId y, double w = 1.0) requires last_is_classifier {
    check_sample(x, w);
    learn_classifier(x, y, w);
  }

  /// Probabilities of the final classifier on the transformed `x` (`out.size() == n_classes()`).
  void predict_proba_one(DenseView x, std::span<double> out) const requires last_is_classifier {
    with_last_input(x, [&](auto z) { last().predict_proba_one(z, out); });
  }

  /// The final classifier's class for the transformed `x` (check `n_classes()` first: before
  /// any learning River answers None).
  ClassId predict_one(DenseView x) const requires last_is_classifier {
    ClassId c = 0;
    with_last_input(x, [&](auto z) { c = last().predict_one(z); });
    return c;
  }

  /// `learn_one` for a sparse sample (`(id, value)` pairs of present features), when the
  /// pipeline takes them (`sparse_input`, e.g. `FeatureHasher | LogisticRegression`).
  void learn_one(SparseView x, ClassId y,
                 double w = 1.0) requires(last_is_classifier&& sparse_input) {
    require_weight(w, name);
    learn_classifier(x, y, w);
  }

  /// `predict_proba_one` for a sparse sample (`sparse_input`).
  void predict_proba_one(SparseView x, std::span<double> out) const
      requires(last_is_classifier&& sparse_input) {
    with_last_input(x, [&](auto z) { last().predict_proba_one(z, out); });
  }

  /// `predict_one` for a sparse sample (`sparse_input`).
  ClassId predict_one(SparseView x) const requires(last_is_classifier&& sparse_input) {
    ClassId c = 0;
    with_last_input(x, [&](auto z) { c = last().predict_one(z); });
    return c;
  }

  /// Classes known to the final classifier.
  std::size_t n_classes() const requires last_is_classifier { return last().n_classes(); }

  // ---- regressor ----------------------------------------------------------------------------

  /// Learns `(x, y)` with weight `w`. Throws `InvalidInput`, every step unchanged, for an
  /// infinite value, a non-finite `y` or a bad weight.
  void learn_one(DenseView x, double y, double w = 1.0) requires last_is_regressor {
    check_sample(x, w);
    require_finite(y, name, "y");
    learn_then(x, w, [&](auto z) { last().learn_one(z, y, w); });
  }

  /// The final regressor's prediction for the transformed `x`.
  double predict_one(DenseView x) const requires last_is_regressor {
    double y = 0.0;
    with_last_input(x, [&](auto z) { y = last().predict_one(z); });
    return y;
  }

  /// `learn_one` for a sparse sample (`sparse_input`).
  void learn_one(SparseView x, double y,
                 double w = 1.0) requires(last_is_regressor&& sparse_input) {
    require_weight(w, name);
    require_finite(y, name, "y");
    learn_then(x, w, [&](auto z) { last().learn_one(z, y, w); });
  }

  /// `predict_one` for a sparse sample (`sparse_input`).
  double predict_one(SparseView x) const requires(last_is_regressor&& sparse_input) {
    double y = 0.0;
    with_last_input(x, [&](auto z) { y = last().predict_one(z); });
    return y;
  }

  // ---- transformer --------------------------------------------------------------------------

  /// Every step learns from its input and transforms it for the next one (the last step learns
  /// only). Throws `InvalidInput`, every step unchanged, for an infinite value.
  void learn_one(DenseView x) requires last_is_transformer { learn_one(x, 1.0); }

  /// As `learn_one(x)`, passing `w` to the steps whose `learn_one` takes a weight.
  void learn_one(DenseView x, double w) requires last_is_transformer {
    check_sample(x, w);
    learn_step(last(), learn_transformers(x, w), w);
  }

  /// Applies every step; `out.size() >= n_outputs(x)`.
  void transform_one(DenseView x, std::span<double> out) const requires last_is_transformer {
    const DenseView z = transform_prefix(x);
    const std::size_t n = detail::n_outputs_of(last(), z);
    if (out.size() < n) {
      throw InvalidInput("Pipeline: out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(n) + " outputs");
    }
    for (std::size_t i = n; i < out.size(); ++i) out[i] = missing_value;
    last().transform_one(z, out.first(n));
  }

  /// Width of the last step's output for `x`.
  std::size_t n_outputs(DenseView x) const requires last_is_transformer {
    return detail::n_outputs_of(last(), transform_prefix(x));
  }

  /// Name of output `id`: the last step's name for it, or, for steps that keep ids, the name
  /// the previous step (finally the bound `FeatureSpace`) gives it. Throws `std::logic_error`
  /// when a name is needed from a space that was not bound.
  std::string output_name(FeatureId id) const requires last_is_transformer {
    return name_at<n_steps - 1>(id);
  }

  // ---- common -------------------------------------------------------------------------------

  /// Binds the feature names of the input: kept for `output_name` and forwarded to every step
  /// that has `bind`. The space must outlive the pipeline (or the next `bind`).
  void bind(const FeatureSpace* space) {
    space_ = space;
    std::apply(
        [space](auto&... step) {
          (
              [&](auto& s) {
                if constexpr (detail::bindable<std::remove_cvref_t<decltype(s)>>) s.bind(space);
              }(step),
              ...);
        },
        steps_);
  }

  /// Step `I`.
  template <std::size_t I>
  const step_type<I>& step() const {
    return std::get<I>(steps_);
  }
  /// Step `I`, mutable (to tune or inspect a step in place).
  template <std::size_t I>
  step_type<I>& step() {
    return std::get<I>(steps_);
  }

  /// The steps' specs, named River's way.
  const Params& params() const { return params_; }

  /// Saves or loads every step (the steps' own class versions are recorded). The bound
  /// `FeatureSpace` is not part of the pipeline: its owner saves it and calls `bind` again.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Pipeline: checkpoint from a newer version");
    std::apply([&ar](auto&... step) { ar(step...); }, steps_);
    if constexpr (Archive::is_loading::value) refresh_params();
  }

  /// Equal steps (buffers and the bound space are not compared).
  friend bool operator==(const Pipeline& a, const Pipeline& b) { return a.steps_ == b.steps_; }

 private:
  last_type& last() { return std::get<n_steps - 1>(steps_); }
  const last_type& last() const { return std::get<n_steps - 1>(steps_); }

  static void check_sample(DenseView x, double w) {
    // Fast path: a row with no NaN and no infinity needs no per-value scan for the message.
    if (!all_finite_values(x.values)) detail::require_finite_sample(x, name);
    require_weight(w, name);
  }

  template <class S>
  static void learn_step(S& step, DenseView x, double w) {
    if constexpr (detail::weighted_transformer<S>) {
      step.learn_one(x, w);
    } else {
      step.learn_one(x);
    }
  }

  // Classifier learning. A new class id may be refused by the final step after the
  // transformers have learnt: keep a copy to roll back (new ids are rare, so this costs nothing
  // on the usual path).
  template <class Sample>
  void learn_classifier(Sample x, ClassId y, double w) {
    const auto learn_last = [&](auto z) { last().learn_one(z, y, w); };
    if (static_cast<std::size_t>(y) < last().n_classes()) {
      learn_then(x, w, learn_last);
      return;
    }
    const std::tuple<Steps...> backup = steps_;
    try {
      learn_then(x, w, learn_last);
    } catch (...) {
      steps_ = backup;
      throw;
    }
  }

  // Every step but the last learns and transforms; `feed` gets the last step's input (a
  // DenseView, or a SparseView on a sparse tail).
  template <class Feed>
  void learn_then(DenseView x, double w, Feed&& feed) {
    const DenseView z = learn_transformers(x, w);
    if constexpr (sparse_tail) {
      auto& producer = std::get<n_steps - 2>(steps_);
      learn_step(producer, z, w);
      producer.transform_one(z, sparse_buffer_);
      feed(sparse_buffer_.view());
    } else {
      feed(z);
    }
  }
  template <class Feed>
  void learn_then(SparseView x, double /*w*/, Feed&& feed) requires sparse_input {
    auto& producer = std::get<0>(steps_);
    producer.learn_one(x);
    producer.transform_one(x, sparse_buffer_);
    feed(sparse_buffer_.view());
  }

  // Every step but the last transforms; `use` gets the last step's input.
  template <class Use>
  void with_last_input(DenseView x, Use&& use) const {
    const DenseView z = transform_prefix(x);
    if constexpr (sparse_tail) {
      std::get<n_steps - 2>(steps_).transform_one(z, sparse_buffer_);
      use(sparse_buffer_.view());
    } else {
      use(z);
    }
  }
  template <class Use>
  void with_last_input(SparseView x, Use&& use) const requires sparse_input {
    std::get<0>(steps_).transform_one(x, sparse_buffer_);
    use(sparse_buffer_.view());
  }

  // The steps with dense output learn and transform; returns the input of the next step.
  DenseView learn_transformers(DenseView x, double w) { return learn_from<0>(x, w); }
  template <std::size_t I>
  DenseView learn_from(DenseView x, double w) {
    if constexpr (I >= n_dense_steps) {
      return x;
    } else {
      auto& step = std::get<I>(steps_);
      learn_step(step, x, w);
      const auto out = detail::prepare_buffer(buffers_[I], detail::n_outputs_of(step, x));
      step.transform_one(x, out);
      return learn_from<I + 1>(DenseView{out}, w);
    }
  }

  // The steps with dense output transform; returns the input of the next step.
  DenseView transform_prefix(DenseView x) const { return transform_from<0>(x); }
  template <std::size_t I>
  DenseView transform_from(DenseView x) const {
    if constexpr (I >= n_dense_steps) {
      return x;
    } else {
      const auto& step = std::get<I>(steps_);
      const auto out = detail::prepare_buffer(buffers_[I], detail::n_outputs_of(step, x));
      step.transform_one(x, out);
      return transform_from<I + 1>(DenseView{out});
    }
  }

  template <std::size_t I>
  std::string name_at(FeatureId id) const {
    using S = step_type<I>;
    if constexpr (detail::has_output_name<S>) {
      return std::get<I>(steps_).output_name(id);
    } else if constexpr (I > 0) {
      return name_at<I - 1>(id);
    } else {
      if (space_ == nullptr) throw std::logic_error("Pipeline: bind() a FeatureSpace first");
      return space_->name(id);
    }
  }

  void refresh_params() {
    params_ = Params{};
    std::apply([this](const auto&... step) { (params_.add(detail::step_spec(step)), ...); },
               steps_);
  }

  std::tuple<Steps...> steps_;
  Params params_;
  const FeatureSpace* space_ = nullptr;
  // Output of each step but the last; scratch, never compared nor saved.
  mutable std::array<std::vector<double>, n_steps - 1> buffers_{};
  mutable SparseSample sparse_buffer_;  // the sparse tail's hand-over; scratch too
};

/// Builds a `Pipeline` from steps, deducing their types:
/// `make_pipeline(StandardScaler{}, GaussianNB{})`.
template <class... Steps>
Pipeline<std::remove_cvref_t<Steps>...> make_pipeline(Steps&&... steps) {
  return Pipeline<std::remove_cvref_t<Steps>...>(std::forward<Steps>(steps)...);
}

}  // namespace streamwise::compose

/// cereal's CEREAL_CLASS_VERSION for every `Pipeline<Steps...>`.
namespace cereal::detail {
template <class... Steps>
struct Version<streamwise::compose::Pipeline<Steps...>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::compose::Pipeline<Steps...>)).hash_code(),
        streamwise::compose::Pipeline<Steps...>::class_version);
    return streamwise::compose::Pipeline<Steps...>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
