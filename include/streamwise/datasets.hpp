#pragma once
/// @file
/// Seeded synthetic streams and file readers (`river.datasets`): includes every public header
/// of `streamwise/datasets/`.

#include "streamwise/datasets/agrawal.hpp"
#include "streamwise/datasets/concept_drift_stream.hpp"
#include "streamwise/datasets/csv_stream.hpp"
#include "streamwise/datasets/friedman.hpp"
#include "streamwise/datasets/friedman_drift.hpp"
#include "streamwise/datasets/hyperplane.hpp"
#include "streamwise/datasets/led.hpp"
#include "streamwise/datasets/led_drift.hpp"
#include "streamwise/datasets/paths.hpp"
#include "streamwise/datasets/random_rbf.hpp"
#include "streamwise/datasets/random_rbf_drift.hpp"
#include "streamwise/datasets/sample.hpp"
#include "streamwise/datasets/sea.hpp"
#include "streamwise/datasets/stagger.hpp"
#include "streamwise/datasets/stream.hpp"
