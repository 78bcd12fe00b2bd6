#pragma once
/// @file
/// Online metrics (`river.metrics`): includes every public header of `streamwise/metrics/`.

#include <streamwise/metrics.hpp>`.

#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/balanced_accuracy.hpp"
#include "streamwise/metrics/cohen_kappa.hpp"
#include "streamwise/metrics/confusion_matrix.hpp"
#include "streamwise/metrics/cross_entropy.hpp"
#include "streamwise/metrics/f1.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/macro_f1.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/mcc.hpp"
#include "streamwise/metrics/micro_f1.hpp"
#include "streamwise/metrics/mse.hpp"
#include "streamwise/metrics/precision.hpp"
#include "streamwise/metrics/r2.hpp"
#include "streamwise/metrics/recall.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/metrics/rmsle.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/metrics/rolling.hpp"
#include "streamwise/metrics/smape.hpp"
#include "streamwise/metrics/weighted_f1.hpp"
