#pragma once
/// @file
/// Hoeffding trees, their splitters and split criteria (`river.tree`): includes every public header
/// of `streamwise/tree/`.

#include "streamwise/tree/criteria/gini_criterion.hpp"
#include "streamwise/tree/criteria/hellinger_criterion.hpp"
#include "streamwise/tree/criteria/info_gain_criterion.hpp"
#include "streamwise/tree/criteria/named_criterion.hpp"
#include "streamwise/tree/criteria/variance_reduction_criterion.hpp"
#include "streamwise/tree/extremely_fast_decision_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_adaptive_tree_regressor.hpp"
#include "streamwise/tree/hoeffding_tree_classifier.hpp"
#include "streamwise/tree/hoeffding_tree_regressor.hpp"
#include "streamwise/tree/leaf_features.hpp"
#include "streamwise/tree/splitters/ebst_splitter.hpp"
#include "streamwise/tree/splitters/exhaustive_splitter.hpp"
#include "streamwise/tree/splitters/gaussian_splitter.hpp"
#include "streamwise/tree/splitters/histogram_splitter.hpp"
#include "streamwise/tree/splitters/nominal_splitter.hpp"
#include "streamwise/tree/splitters/nominal_splitter_reg.hpp"
#include "streamwise/tree/splitters/qo_splitter.hpp"
#include "streamwise/tree/splitters/tebst_splitter.hpp"
