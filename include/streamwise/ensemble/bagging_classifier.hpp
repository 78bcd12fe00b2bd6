#pragma once
/// @file
/// Online bagging for classification, River's `ensemble.BaggingClassifier`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <typeindex>
#include <utility>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/compose/detail/steps.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/ensemble/detail/bagging_members.hpp"

namespace streamwise::ensemble {

/// Oza and Russell's online bagging: `n_models` copies of an unfitted classifier; on each
/// sample, each member learns it `k` times with `k ~ Poisson(1)` (drawn member by member from
/// `random.Random(seed)` exactly as River draws them, so the same seed gives River's members).
/// Predictions sum the members' class probabilities and normalise them by their total.
///
/// `Model` is any `Classifier` (a linear model, naive Bayes, a Hoeffding tree, a `Pipeline`
/// ending in a classifier, `compose::AnyClassifier`...). Members that learn a growing set of
/// classes get their own class ids in the order they meet them (see `detail::MemberClasses`);
/// ids passed in and returned are always the ensemble's.
///
/// Members learn in parallel with OpenMP when `set_n_threads(n)` asks for more than one thread
/// (default 1; 0 = OpenMP's default). Every random number is drawn first, so the model is the
/// same whatever the thread count. Predicting uses scratch buffers: an ensemble is not safe to
/// use from two threads at once, even through `const` methods.
///
/// ```cpp
/// using namespace streamwise;
/// ensemble::BaggingClassifier<naive_bayes::GaussianNB> model(naive_bayes::GaussianNB{},
///                                                           /*n_models=*/3, /*seed=*/42);
/// const double x[] = {1.0, 2.0};
/// model.learn_one(DenseView{x}, ClassId{0});
/// model.predict_one(DenseView{x});  // 0
/// ```
template <class Model>
requires compose::detail::classifier_step<Model>
class BaggingClassifier {
 public:
  static constexpr std::string_view name = "BaggingClassifier";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are accepted when the members accept them.
  static constexpr bool accepts_nominal = compose::detail::accepts_nominal_of<Model>();

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    /// The prototype's spec, filled in by the ensemble (the prototype itself is passed to the
    /// constructor; this field is ignored on input).
    compose::detail::SpecHolder model;
    std::int64_t n_models = 10;        ///< Number of members (>= 1).
    std::optional<std::int64_t> seed;  ///< Seed of `random.Random`; None = system entropy.

    template <class V>
    void visit(V&& v) {
      v("model", model);
      v("n_models", n_models);
      v("seed", seed);
    }
    /// Throws `std::invalid_argument("BaggingClassifier: n_models must be >= 1")`.
    void validate() const {
      if (n_models < 1) throw invalid_parameter(std::string(name), "n_models", ">= 1");
    }
    friend bool operator==(const Params&, const Params&) = default;
    /// The numeric fields (the prototype is saved by the ensemble).
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_models, seed);
    }
  };

  /// Ten default-constructed members, unseeded (River's defaults).
  BaggingClassifier() : BaggingClassifier(Model{}, Params{}) {}
  /// Default-constructed prototype with `params` (validated).
  explicit BaggingClassifier(const Params& params) : BaggingClassifier(Model{}, params) {}
  /// Copies of `model` (pass it unfitted: copies keep any state it has) with `params`.
  explicit BaggingClassifier(Model model, const Params& params = Params{})
      : params_(validated(params)),
        members_(std::move(model), static_cast<std::size_t>(params_.n_models), params_.seed) {
    params_.model = detail::prototype_spec(members_.prototype());
  }
  /// Shorthand for `BaggingClassifier(model, Params{.n_models, .seed})`.
  BaggingClassifier(Model model, std::int64_t n_models, std::optional<std::int64_t> seed)
      : BaggingClassifier(std::move(model), make_params(n_models, seed)) {}

  /// Learns `(x, y)` with weight `w`: each member learns it Poisson(1) times. Throws
  /// `InvalidInput`, ensemble unchanged (generator included), for an infinite value, a bad
  /// weight, or a class id the members refuse.
  void learn_one(DenseView x, ClassId y, double w = 1.0) {
    check_sample(x);
    require_weight(w, name);
    detail::require_class_id(y, name);
    if (!members_.is_new_class(y)) {
      learn_unchecked(x, y, w);
      return;
    }
    const BaggingClassifier backup = *this;  // a new class may be refused by the members
    try {
      learn_unchecked(x, y, w);
    } catch (...) {
      *this = backup;
      throw;
    }
  }

  /// Learns the rows of a row-major block (`n_cols` features per row, NaN = absent) in order:
  /// the same draws and the same model as `learn_one` on each row, but with one parallel region
  /// for the whole block, which is what makes threads pay when members are light. `y` holds one
  /// class per row; `w` is empty (weight 1) or one weight per row. Throws `InvalidInput`,
  /// ensemble unchanged, for a malformed block, an infinite value, a bad weight or a class id
  /// the members refuse.
  void learn_many(std::span<const double> data, std::size_t n_cols, std::span<const ClassId> y,
                  std::span<const double> w = {}) {
    const std::size_t n_rows = detail::check_block(data, n_cols, y.size(), w, name);
    bool new_class = false;
    for (ClassId c : y) {
      detail::require_class_id(c, name);
      new_class = new_class || members_.is_new_class(c);
    }
    if (!new_class) {
      learn_many_unchecked(data, n_cols, y, w, n_rows);
      return;
    }
    const BaggingClassifier backup = *this;
    try {
      learn_many_unchecked(data, n_cols, y, w, n_rows);
    } catch (...) {
      *this = backup;
      throw;
    }
  }

  /// River's rule: the members' probabilities summed per class and divided by their total
  /// (classes no member knows get 0; `out.size() >= n_classes()`, extra slots get 0). Throws
  /// `InvalidInput` for an infinite value or a short `out`.
  void predict_proba_one(DenseView x, std::span<double> out) const {
    check_sample(x);
    members_.predict_proba(x, out, name);
  }

  /// The most probable class (River's tie rule: the first in the combined dict's order). 0
  /// before any member knows a class (River answers None: check `n_classes()` first).
  ClassId predict_one(DenseView x) const {
    check_sample(x);
    return members_.predict(x, name);
  }

  /// One more than the largest class id a member knows.
  std::size_t n_classes() const { return members_.n_classes(); }

  /// Forwards the input's `FeatureSpace` to the prototype and the members. It must outlive the
  /// ensemble (or the next `bind`); it is not saved in checkpoints (bind again after loading).
  void bind(const FeatureSpace* space) { members_.bind(space); }

  /// Number of members.
  std::size_t size() const { return members_.size(); }
  /// Member `i` (River's `model[i]`).
  const Model& operator[](std::size_t i) const { return members_.member(i); }
  /// The unfitted prototype (River's `model` parameter).
  const Model& model() const { return members_.prototype(); }

  /// Threads for learning: 1 (default) is sequential, 0 is OpenMP's default; ignored without
  /// OpenMP. Not a River parameter, not saved; results do not depend on it.
  void set_n_threads(int n) { members_.set_n_threads(n); }
  /// Threads for learning.
  int n_threads() const { return members_.n_threads(); }

  /// Hyper-parameters (with the prototype's spec as `model`).
  const Params& params() const { return params_; }

  /// Params, prototype, members, class tables and generator state.
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("BaggingClassifier: checkpoint from a newer version");
    }
    if constexpr (Archive::is_loading::value) {
      Params p = params_;
      ar(p);
      check_loaded(p);
      members_.load_from(ar, static_cast<std::size_t>(p.n_models));
      params_ = p;
      params_.model = detail::prototype_spec(members_.prototype());
    } else {
      ar(params_);
      members_.save_to(ar);
    }
  }

  /// Same params, prototype, members and generator state.
  friend bool operator==(const BaggingClassifier& a, const BaggingClassifier& b) {
    return a.params_ == b.params_ && a.members_ == b.members_;
  }

 private:
  static Params validated(const Params& p) {
    p.validate();
    return p;
  }
  static Params make_params(std::int64_t n_models, std::optional<std::int64_t> seed) {
    Params p;
    p.n_models = n_models;
    p.seed = seed;
    return p;
  }
  static void check_loaded(const Params& p) {
    try {
      p.validate();
    } catch (const std::invalid_argument& e) {
      throw CheckpointError(std::string("checkpoint holds invalid params: ") + e.what());
    }
  }
  static void check_sample(DenseView x) {
    if (!all_finite_values(x.values)) compose::detail::require_finite_sample(x, name);
  }

  void learn_unchecked(DenseView x, ClassId y, double w) {
    auto counts = detail::prepare_counts(counts_, members_.size());
    for (auto& k : counts) k = detail::poisson(1.0, members_.rng());
    members_.learn_classifier(x, y, w, counts, false);
  }

  void learn_many_unchecked(std::span<const double> data, std::size_t n_cols,
                            std::span<const ClassId> y, std::span<const double> w,
                            std::size_t n_rows) {
    auto counts = detail::prepare_counts(counts_, n_rows * members_.size());
    for (auto& k : counts) k = detail::poisson(1.0, members_.rng());  // row by row, River's order
    members_.learn_block(n_rows, counts, [&](std::size_t r) {
      return std::tuple<DenseView, ClassId, double>{DenseView{data.subspan(r * n_cols, n_cols)},
                                                    y[r], w.empty() ? 1.0 : w[r]};
    });
  }

  Params params_;
  detail::MemberSet<Model> members_;
  std::vector<std::uint32_t> counts_;  // scratch: this sample's Poisson draws
};

}  // namespace streamwise::ensemble

/// cereal's CEREAL_CLASS_VERSION for every `BaggingClassifier<Model>`.
namespace cereal::detail {
template <class Model>
struct Version<streamwise::ensemble::BaggingClassifier<Model>> {
  static std::uint32_t registerVersion() {
    using T = streamwise::ensemble::BaggingClassifier<Model>;
    ::cereal::detail::StaticObject<Versions>::getInstance().mapping.emplace(
        std::type_index(typeid(T)).hash_code(), T::class_version);
    return T::class_version;
  }
  static inline const std::uint32_t version = registerVersion();
};
}  // namespace cereal::detail
