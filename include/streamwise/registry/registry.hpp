#pragma once
/// @file
/// The estimator registry: builds type-erased estimators and pipelines from specs chosen at run
/// time (the learner loop's config, checkpoint headers, Python). Compiled in
/// `streamwise::registry`.
///
/// A spec is JSON: one estimator `{"type":"LogisticRegression","params":{"l2":0.1}}`, a pipeline
/// as a list `[{"type":"StandardScaler"},{"type":"LogisticRegression"}]`, or a pipeline as
/// `to_json(spec_of(pipeline))` writes it (`{"type":"Pipeline","params":{"StandardScaler":{...},
/// ...}}`, what a checkpoint header holds). Parameters go through `params_from_list`, so unknown
/// names and bad values give each class's own messages. Parameters that are themselves
/// estimators (optimizer, loss, intercept_lr, initializer, a wrapped regressor) take a nested
/// spec: `{"optimizer":{"type":"Adam","params":{"lr":0.05}}}`; a learning rate may also be a
/// plain number (River's `Constant(number)`).
///
/// ```cpp
/// auto model = streamwise::registry::make_classifier_pipeline(
///     R"([{"type":"StandardScaler"},{"type":"LogisticRegression","params":{"l2":0.1}}])");
/// const double x[] = {1.0, 2.0};
/// model.learn_one(streamwise::DenseView{x}, 1);
/// ```

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/compose/any_classifier.hpp"
#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/compose/any_transformer.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::registry {

/// What a registered class is.
enum class Kind { classifier, regressor, transformer };

/// A pipeline that ends in a classifier, as the learner loop holds it.
using ClassifierPipeline = compose::DynamicPipeline<compose::AnyClassifier>;
/// A pipeline that ends in a regressor.
using RegressorPipeline = compose::DynamicPipeline<compose::AnyRegressor>;

/// Parses one estimator spec `{"type": "...", "params": {...}}` (`params` optional). Nested
/// objects with a `"type"` become nested specs. Throws `std::invalid_argument` with the reason
/// for malformed JSON or a shape that is not a spec.
EstimatorSpec parse_spec(std::string_view json);

/// Parses a model spec into its steps, in order: a list of specs, a `"Pipeline"` spec, or one
/// spec (a one-step list). Throws `std::invalid_argument`.
std::vector<EstimatorSpec> parse_steps(std::string_view json);

/// The steps of one parsed spec: the named steps of a `"Pipeline"` spec, in order, or the spec
/// itself as a one-step list. Throws `std::invalid_argument` for a Pipeline step that is not a
/// spec.
std::vector<EstimatorSpec> steps_of(EstimatorSpec spec);

/// Kind of a registered class, or nullopt for a name the registry does not know.
std::optional<Kind> kind_of(std::string_view type);

/// Registered class names of `kind`, in registration order.
std::vector<std::string> names(Kind kind);

/// Builds a classifier. Throws `std::invalid_argument` for an unknown type, a type of another
/// kind, an unknown parameter or an invalid value.
compose::AnyClassifier make_classifier(const EstimatorSpec& spec);
/// Builds a regressor (see `make_classifier`).
compose::AnyRegressor make_regressor(const EstimatorSpec& spec);
/// Builds a transformer (see `make_classifier`).
compose::AnyTransformer make_transformer(const EstimatorSpec& spec);

/// Builds a pipeline of transformers ending in a classifier from steps (a single classifier is
/// a pipeline with no transformer). Throws `std::invalid_argument`.
ClassifierPipeline make_classifier_pipeline(const std::vector<EstimatorSpec>& steps);
/// Same, from a JSON model spec (see `parse_steps`).
ClassifierPipeline make_classifier_pipeline(std::string_view json);
/// Builds a pipeline of transformers ending in a regressor. Throws `std::invalid_argument`.
RegressorPipeline make_regressor_pipeline(const std::vector<EstimatorSpec>& steps);
/// Same, from a JSON model spec.
RegressorPipeline make_regressor_pipeline(std::string_view json);

}  // namespace streamwise::registry
