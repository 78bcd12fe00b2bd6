#pragma once
/// @file
/// Online bagging ensembles (`river.ensemble`): includes every public header of
/// `streamwise/ensemble/`.

#include "streamwise/ensemble/adwin_bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_classifier.hpp"
#include "streamwise/ensemble/bagging_regressor.hpp"
#include "streamwise/ensemble/leveraging_bagging_classifier.hpp"
#include "streamwise/ensemble/srp_classifier.hpp"
