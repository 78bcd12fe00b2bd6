#pragma once
/// @file
/// Online linear models (`river.linear_model`): includes every public header of
/// `streamwise/linear_model/`.

#include "streamwise/linear_model/alma.hpp"
#include "streamwise/linear_model/bayesian_linear_regression.hpp"
#include "streamwise/linear_model/glm.hpp"
#include "streamwise/linear_model/linear_regression.hpp"
#include "streamwise/linear_model/logistic_regression.hpp"
#include "streamwise/linear_model/pa.hpp"
#include "streamwise/linear_model/perceptron.hpp"
#include "streamwise/linear_model/softmax_regression.hpp"
