#pragma once
/// @file
/// Optimizers, losses, schedulers and initializers (`river.optim`): includes every public
/// header of `streamwise/optim/`.

#include <streamwise/optim.hpp>`.

#include "streamwise/optim/ada_delta.hpp"
#include "streamwise/optim/ada_grad.hpp"
#include "streamwise/optim/ada_max.hpp"
#include "streamwise/optim/adam.hpp"
#include "streamwise/optim/ams_grad.hpp"
#include "streamwise/optim/any_initializer.hpp"
#include "streamwise/optim/any_loss.hpp"
#include "streamwise/optim/any_optimizer.hpp"
#include "streamwise/optim/any_scheduler.hpp"
#include "streamwise/optim/averager.hpp"
#include "streamwise/optim/ftrl_proximal.hpp"
#include "streamwise/optim/initializers/constant.hpp"
#include "streamwise/optim/initializers/normal.hpp"
#include "streamwise/optim/initializers/zeros.hpp"
#include "streamwise/optim/losses/absolute.hpp"
#include "streamwise/optim/losses/cauchy.hpp"
#include "streamwise/optim/losses/cross_entropy.hpp"
#include "streamwise/optim/losses/epsilon_insensitive_hinge.hpp"
#include "streamwise/optim/losses/hinge.hpp"
#include "streamwise/optim/losses/huber.hpp"
#include "streamwise/optim/losses/log.hpp"
#include "streamwise/optim/losses/poisson.hpp"
#include "streamwise/optim/losses/quantile.hpp"
#include "streamwise/optim/losses/squared.hpp"
#include "streamwise/optim/momentum.hpp"
#include "streamwise/optim/nesterov_momentum.hpp"
#include "streamwise/optim/optimizer.hpp"
#include "streamwise/optim/rms_prop.hpp"
#include "streamwise/optim/schedulers/constant.hpp"
#include "streamwise/optim/schedulers/inverse_scaling.hpp"
#include "streamwise/optim/schedulers/optimal.hpp"
#include "streamwise/optim/sgd.hpp"
