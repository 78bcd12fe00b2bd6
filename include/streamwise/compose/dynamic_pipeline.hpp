#pragma once
/// @file
/// A pipeline whose steps are chosen at run time (from a spec, from Python), with the same
/// semantics as the static `Pipeline`.

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>

#include "streamwise/compose/any_classifier.hpp"
#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/compose/any_transformer.hpp"
#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"

namespace streamwise::compose {

/// Type-erased transformers followed by a type-erased final step: `AnyClassifier`,
/// `AnyRegressor` or `AnyTransformer` (the template argument fixes the kind, so the pipeline
/// models exactly one of `Classifier`, `Regressor`, `Transformer`).
///
/// It behaves exactly as `Pipeline` (River's order: each transformer learns then transforms;
/// predictions only transform; same rejection of bad input with every step unchanged) and
/// keeps one output buffer per step, so it does not allocate once warm; each step costs one
/// virtual call. Not safe from two threads at once.
///
/// A checkpoint holds the steps' class names and payloads; it loads into a `DynamicPipeline`
/// built with the same step types (from the same spec) and is refused otherwise.
///
/// ```cpp
/// using namespace streamwise::compose;
/// DynamicPipeline<AnyClassifier> model(
///     {AnyTransformer{preprocessing::StandardScaler{}}},
///     AnyClassifier{naive_bayes::GaussianNB{}});
/// ```
template <class Final>
class DynamicPipeline {
  static_assert(std::is_same_v<Final, AnyClassifier> || std::is_same_v<Final, AnyRegressor> ||
                    std::is_same_v<Final, AnyTransformer>,
                "the final step is an AnyClassifier, an AnyRegressor or an AnyTransformer");
  static constexpr bool is_classifier = std::is_same_v<Final, AnyClassifier>;
  static constexpr bool is_regressor = std::is_same_v<Final, AnyRegressor>;
  static constexpr bool is_transformer = std::is_same_v<Final, AnyTransformer>;

 public:
  /// The steps' specs, named River's way.
  using Params = detail::CompositeParams;
  static constexpr std::string_view name = "Pipeline";
  static constexpr std::uint32_t class_version = 1;

  /// No transformer and an empty final step (assign a real pipeline before use).
  DynamicPipeline() = default;
  /// `transformers` in order, then `last`. Throws `std::invalid_argument` for an empty step.
  DynamicPipeline(std::vector<AnyTransformer> transformers, Final last)
      : steps_(std::move(transformers)), last_(std::move(last)), buffers_(steps_.size()) {
    for (const auto& s : steps_) {
      if (!s.has_value()) throw std::invalid_argument("Pipeline: a step is empty");
    }
    if (!last_.has_value()) throw std::invalid_argument("Pipeline: the final step is empty");
    refresh_params();
  }

  DynamicPipeline(const DynamicPipeline& other)
      : steps_(other.steps_),
        last_(other.last_),
        params_(other.params_),
        space_(other.space_),
        buffers_(other.steps_.size()) {}
  DynamicPipeline(DynamicPipeline&&) noexcept = default;
  DynamicPipeline& operator=(const DynamicPipeline& other) {
    if (this != &other) *this = DynamicPipeline(other);
    return *this;
  }
  DynamicPipeline& operator=(DynamicPipeline&&) noexcept = default;
  ~DynamicPipeline() = default;

  /// Learns `(x, y)` (see `Pipeline::learn_one`).
  void learn_one(DenseView x, ClassId y, double w = 1.0) requires is_classifier {
    check_sample(x, w);
    if (static_cast<std::size_t>(y) < last_.n_classes()) {
      last_.learn_one(learn_transformers(x, w), y, w);
      return;
    }
    const std::vector<AnyTransformer> backup = steps_;
    try {
      last_.learn_one(learn_transformers(x, w), y, w);
    } catch (...) {
      steps_ = backup;
      throw;
    }
  }
  /// Probabilities of the final classifier on the transformed `x`.
  void predict_proba_one(DenseView x, std::span<double> out) const requires is_classifier {
    last_.predict_proba_one(transform_prefix(x), out);
  }
  /// Most probable class of the transformed `x`.
  ClassId predict_one(DenseView x) const requires is_classifier {
    return last_.predict_one(transform_prefix(x));
  }
  /// Classes known to the final classifier.
  std::size_t n_classes() const requires is_classifier { return last_.n_classes(); }

  /// Learns `(x, y)` (see `Pipeline::learn_one`).
  void learn_one(DenseView x, double y, double w = 1.0) requires is_regressor {
    check_sample(x, w);
    require_finite(y, name, "y");
    last_.learn_one(learn_transformers(x, w), y, w);
  }
  /// The final regressor's prediction for the transformed `x`.
  double predict_one(DenseView x) const requires is_regressor {
    return last_.predict_one(transform_prefix(x));
  }

  /// Every step learns (see `Pipeline::learn_one`).
  void learn_one(DenseView x, double w = 1.0) requires is_transformer {
    check_sample(x, w);
    last_.learn_one(learn_transformers(x, w), w);
  }
  /// Applies every step; `out.size() >= n_outputs(x)`.
  void transform_one(DenseView x, std::span<double> out) const requires is_transformer {
    const DenseView z = transform_prefix(x);
    const std::size_t n = last_.n_outputs(z);
    if (out.size() < n) {
      throw InvalidInput("Pipeline: out has " + std::to_string(out.size()) +
                         " slots, fewer than the " + std::to_string(n) + " outputs");
    }
    for (std::size_t i = n; i < out.size(); ++i) out[i] = missing_value;
    last_.transform_one(z, out.first(n));
  }
  /// Width of the last step's output for `x`.
  std::size_t n_outputs(DenseView x) const requires is_transformer {
    return last_.n_outputs(transform_prefix(x));
  }
  /// Name of output `id`, as `Pipeline::output_name`.
  std::string output_name(FeatureId id) const requires is_transformer {
    // Each step names its outputs itself, or keeps its input's names; walk back to the first
    // step that names them (the bound space at the start).
    return name_from(last_, steps_.size(), id);
  }

  /// Binds the input's feature names and forwards them to every step.
  void bind(const FeatureSpace* space) {
    space_ = space;
    for (auto& s : steps_) s.bind(space);
    last_.bind(space);
  }

  /// Number of transformers before the final step.
  std::size_t n_transformers() const { return steps_.size(); }
  /// Transformer `i`.
  const AnyTransformer& transformer(std::size_t i) const { return steps_.at(i); }
  /// The final step.
  const Final& final_step() const { return last_; }
  /// The steps' specs.
  const Params& params() const { return params_; }

  /// Saves or loads every step; loading requires the same number and types of steps.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Pipeline: checkpoint from a newer version");
    std::uint64_t n = steps_.size();
    ar(n);
    if constexpr (Archive::is_loading::value) {
      if (n != steps_.size()) {
        throw CheckpointError("Pipeline: checkpoint has " + std::to_string(n) +
                              " transformers, this pipeline " + std::to_string(steps_.size()));
      }
      // Load into copies so a failure leaves this pipeline unchanged.
      std::vector<AnyTransformer> steps = steps_;
      Final last = last_;
      for (auto& s : steps) ar(s);
      ar(last);
      steps_ = std::move(steps);
      last_ = std::move(last);
      buffers_.assign(steps_.size(), {});
      refresh_params();
    } else {
      for (auto& s : steps_) ar(s);
      ar(last_);
    }
  }

  /// Equal steps (buffers and the bound space are not compared).
  friend bool operator==(const DynamicPipeline& a, const DynamicPipeline& b) {
    return a.steps_ == b.steps_ && a.last_ == b.last_;
  }

 private:
  static void check_sample(DenseView x, double w) {
    // Fast path: a row with no NaN and no infinity needs no per-value scan for the message.
    if (!all_finite_values(x.values)) detail::require_finite_sample(x, name);
    require_weight(w, name);
  }

  DenseView learn_transformers(DenseView x, double w) {
    for (std::size_t k = 0; k < steps_.size(); ++k) {
      steps_[k].learn_one(x, w);
      const auto out = detail::prepare_buffer(buffers_[k], steps_[k].n_outputs(x));
      steps_[k].transform_one(x, out);
      x = DenseView{out};
    }
    return x;
  }

  DenseView transform_prefix(DenseView x) const {
    for (std::size_t k = 0; k < steps_.size(); ++k) {
      const auto out = detail::prepare_buffer(buffers_[k], steps_[k].n_outputs(x));
      steps_[k].transform_one(x, out);
      x = DenseView{out};
    }
    return x;
  }

  // Name of output `id` of `step`, the `k`-th step (k == steps_.size() for the last).
  std::string name_from(const AnyTransformer& step, std::size_t k, FeatureId id) const {
    if (step.names_outputs()) return step.output_name(id, nullptr);
    // The step keeps its input's ids and names: ask the previous step.
    if (k == 0) {
      if (space_ == nullptr) throw std::logic_error("Pipeline: bind() a FeatureSpace first");
      return step.output_name(id, space_);
    }
    return name_from(steps_[k - 1], k - 1, id);
  }

  void refresh_params() {
    params_ = Params{};
    for (const auto& s : steps_) params_.add(s.spec());
    params_.add(last_.spec());
  }

  std::vector<AnyTransformer> steps_;
  Final last_;
  Params params_;
  const FeatureSpace* space_ = nullptr;
  mutable std::vector<std::vector<double>> buffers_;  // one per transformer; scratch
};

}  // namespace streamwise::compose

/// cereal's CEREAL_CLASS_VERSION for every `DynamicPipeline<Final>`.
namespace cereal::detail {
template <class Final>
struct Version<streamwise::compose::DynamicPipeline<Final>> {
  static std::uint32_t registerVersion() {
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(streamwise::compose::DynamicPipeline<Final>)).hash_code(),
        streamwise::compose::DynamicPipeline<Final>::class_version);
    return streamwise::compose::DynamicPipeline<Final>::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
