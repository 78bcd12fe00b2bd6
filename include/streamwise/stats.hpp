#pragma once
/// @file
/// River's streaming statistics (`river.stats`): includes every public header of
/// `streamwise/stats/`.

#include <streamwise/stats.hpp>`.

#include "streamwise/stats/abs_max.hpp"
#include "streamwise/stats/auto_corr.hpp"
#include "streamwise/stats/count.hpp"
#include "streamwise/stats/cov.hpp"
#include "streamwise/stats/entropy.hpp"
#include "streamwise/stats/ew_mean.hpp"
#include "streamwise/stats/ew_var.hpp"
#include "streamwise/stats/iqr.hpp"
#include "streamwise/stats/kurtosis.hpp"
#include "streamwise/stats/max.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/min.hpp"
#include "streamwise/stats/mode.hpp"
#include "streamwise/stats/peak_to_peak.hpp"
#include "streamwise/stats/pearson_corr.hpp"
#include "streamwise/stats/quantile.hpp"
#include "streamwise/stats/rolling.hpp"
#include "streamwise/stats/rolling_abs_max.hpp"
#include "streamwise/stats/rolling_iqr.hpp"
#include "streamwise/stats/rolling_max.hpp"
#include "streamwise/stats/rolling_min.hpp"
#include "streamwise/stats/rolling_mode.hpp"
#include "streamwise/stats/rolling_peak_to_peak.hpp"
#include "streamwise/stats/rolling_quantile.hpp"
#include "streamwise/stats/sem.hpp"
#include "streamwise/stats/skew.hpp"
#include "streamwise/stats/sum.hpp"
#include "streamwise/stats/var.hpp"
