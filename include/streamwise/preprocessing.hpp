#pragma once
/// @file
/// Scalers and encoders (`river.preprocessing`): includes every public header of
/// `streamwise/preprocessing/`.

#include "streamwise/preprocessing/binarizer.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"
#include "streamwise/preprocessing/target_standard_scaler.hpp"
