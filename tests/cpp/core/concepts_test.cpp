#include <doctest/doctest.h>

#include "streamwise/core/concepts.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/drift/binary/ddm.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/log_loss.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/roc_auc.hpp"
#include "streamwise/metrics/rolling.hpp"
#include "streamwise/stats/cov.hpp"
#include "streamwise/stats/mean.hpp"
#include "streamwise/stats/rolling.hpp"

namespace m = streamwise::metrics;
namespace s = streamwise::stats;

// The metric concepts must tell the kinds apart even though ids, reals and bools convert.
static_assert(streamwise::ClassificationMetric<m::Accuracy>);
static_assert(!streamwise::RegressionMetric<m::Accuracy>);
static_assert(streamwise::RegressionMetric<m::MAE>);
static_assert(!streamwise::ClassificationMetric<m::MAE>);
static_assert(streamwise::ProbabilisticMetric<m::LogLoss>);
static_assert(streamwise::ProbabilisticMetric<m::ROCAUC>);
static_assert(!streamwise::RegressionMetric<m::ROCAUC>);
static_assert(streamwise::ClassificationMetric<m::Rolling<m::Accuracy>>);
static_assert(streamwise::RegressionMetric<m::Rolling<m::MAE>>);
static_assert(!streamwise::RegressionMetric<m::Rolling<m::Accuracy>>);

static_assert(streamwise::WeightedStatistic<s::Mean>);
static_assert(streamwise::Statistic<s::Rolling<s::Mean>>);
static_assert(streamwise::RevertibleMetric<m::Accuracy>);
static_assert(!streamwise::RevertibleMetric<m::Rolling<m::MAE>>);
static_assert(streamwise::BivariateStatistic<s::Cov>);
static_assert(!streamwise::Statistic<s::Cov>);
static_assert(streamwise::DriftDetector<streamwise::drift::ADWIN>);
static_assert(streamwise::WarningDriftDetector<streamwise::drift::binary::DDM>);
static_assert(!streamwise::WarningDriftDetector<streamwise::drift::ADWIN>);

TEST_CASE("concepts classify every estimator kind (checked at compile time)") { CHECK(true); }
