#pragma once
/// @file
/// Progressive validation (`river.evaluate`): includes every public header of
/// `streamwise/evaluate/`.

#include "streamwise/evaluate/progressive_val_score.hpp"
