#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "optim/optim_reference.hpp"
#include "streamwise/core/concepts.hpp"
#include "streamwise/optim/schedulers/optimal.hpp"
#include "support/checkpoint.hpp"

using streamwise::optim::AnyLoss;
using streamwise::optim::schedulers::Optimal;
namespace losses = streamwise::optim::losses;
namespace test = streamwise::test;

static_assert(streamwise::Estimator<Optimal>);
static_assert(requires(const Optimal s, std::uint64_t t) {
  { s.get(t) } -> std::same_as<double>;
});

namespace {
AnyLoss loss_named(const std::string& name) {
  if (name == "Squared") return losses::Squared{};
  if (name == "Absolute") return losses::Absolute{};
  if (name == "Huber") return losses::Huber{};
  if (name == "EpsilonInsensitiveHinge") return losses::EpsilonInsensitiveHinge{};
  if (name == "Cauchy") return losses::Cauchy{};
  if (name == "Quantile") return losses::Quantile{};
  if (name == "Log") return losses::Log{};
  if (name == "Hinge") return losses::Hinge{};
  if (name == "Poisson") return losses::Poisson{};
  FAIL("unknown loss " << name);
  return {};
}
}  // namespace

TEST_CASE("Optimal matches River's get(t) for every loss and three alphas") {
  const test::CsvTable table("optim/schedulers_optimal.csv");
  std::size_t mismatches = 0;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const Optimal lr(loss_named(table.text(r, "loss")), table.num(r, "alpha"));
    const auto t = static_cast<std::uint64_t>(table.num(r, "t"));
    if (!test::same(lr.get(t), table.num(r, "value")) && ++mismatches <= 10) {
      MESSAGE("row " << r + 2 << ": got " << lr.get(t));
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("Optimal t0 follows Bottou's formula") {
  // Hinge at -typw with a positive label has gradient -1, so eta0 = typw = alpha^(-1/4).
  const Optimal lr(losses::Hinge{}, 1e-4);
  CHECK(lr.t0() == doctest::Approx(1.0 / (10.0 * 1e-4)));
  CHECK(lr.get(0) == doctest::Approx(10.0));
  const Optimal def;
  CHECK(def.params().alpha == 1e-4);
  CHECK(def.params().loss == AnyLoss(losses::Hinge{}));
}

TEST_CASE("Optimal validates its parameters") {
  CHECK_THROWS_WITH_AS(Optimal(losses::Log{}, 0.0), "Optimal: alpha must be finite and > 0",
                       std::invalid_argument);
  CHECK_THROWS_AS(Optimal(losses::Log{}, -1e-4), std::invalid_argument);
  CHECK_THROWS_AS(Optimal(losses::Log{}, INFINITY), std::invalid_argument);
}

TEST_CASE("Optimal checkpoint round-trip and nested spec") {
  const Optimal lr(losses::Hinge{}, 0.01);
  const Optimal restored = test::roundtrip(lr);
  CHECK(restored == lr);
  CHECK(restored.t0() == lr.t0());
  for (std::uint64_t t = 0; t < 50; ++t) CHECK(restored.get(t) == lr.get(t));
  CHECK(streamwise::to_json(streamwise::spec_of(lr)) ==
        R"({"type":"Optimal","params":{"loss":{"type":"Hinge","params":{"threshold":1.0}},)"
        R"("alpha":0.01}})");
  const Optimal with_log(losses::Log({.weight_pos = 2.0}), 1e-4);
  const Optimal restored_log = test::roundtrip(with_log);
  CHECK(restored_log == with_log);
  CHECK(std::get<losses::Log>(restored_log.params().loss.variant()).params().weight_pos == 2.0);
}
