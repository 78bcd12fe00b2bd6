#pragma once
/// @file
/// Adaptive random forests (`river.forest`): includes every public header of `streamwise/forest/`.

#include "streamwise/forest/arf_classifier.hpp"
#include "streamwise/forest/arf_regressor.hpp"
