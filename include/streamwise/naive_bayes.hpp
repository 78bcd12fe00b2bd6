#pragma once
/// @file
/// Naive Bayes classifiers (`river.naive_bayes`): includes every public header of
/// `streamwise/naive_bayes/`.

#include "streamwise/naive_bayes/bernoulli_nb.hpp"
#include "streamwise/naive_bayes/gaussian_nb.hpp"
#include "streamwise/naive_bayes/multinomial_nb.hpp"
