#pragma once
// The estimator types the checkpoint fuzzer loads. Every new estimator should be added here.

#include <tuple>

#include "streamwise/stats/mean.hpp"

namespace streamwise::fuzz {

using FuzzedTypes = std::tuple<stats::Mean>;

}  // namespace streamwise::fuzz
