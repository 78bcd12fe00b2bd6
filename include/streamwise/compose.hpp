#pragma once
/// @file
/// Pipelines, unions, feature selection and type erasure (`river.compose`): includes every
/// public header of `streamwise/compose/`.

#include "streamwise/compose/any_classifier.hpp"
#include "streamwise/compose/any_regressor.hpp"
#include "streamwise/compose/any_transformer.hpp"
#include "streamwise/compose/discard.hpp"
#include "streamwise/compose/dynamic_pipeline.hpp"
#include "streamwise/compose/pipeline.hpp"
#include "streamwise/compose/select.hpp"
#include "streamwise/compose/transformer_union.hpp"
