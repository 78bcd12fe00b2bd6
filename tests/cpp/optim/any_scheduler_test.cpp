#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>

#include "optim/optim_reference.hpp"
#include "streamwise/optim/any_scheduler.hpp"

using streamwise::optim::AnyScheduler;
namespace schedulers = streamwise::optim::schedulers;
namespace losses = streamwise::optim::losses;
namespace test = streamwise::test;

static_assert(std::is_convertible_v<double, AnyScheduler>);
static_assert(std::is_convertible_v<schedulers::Optimal, AnyScheduler>);
static_assert(requires(const AnyScheduler s) {
  { s.get(std::uint64_t{3}) } -> std::same_as<double>;
});

TEST_CASE("AnyScheduler forwards get(t) and matches River") {
  const test::CsvTable table("optim/schedulers_inverse_scaling.csv");
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const AnyScheduler lr =
        schedulers::InverseScaling(table.num(r, "learning_rate"), table.num(r, "power"));
    REQUIRE(
        test::same(lr.get(static_cast<std::uint64_t>(table.num(r, "t"))), table.num(r, "value")));
  }
  const test::CsvTable optimal("optim/schedulers_optimal.csv");
  for (std::size_t r = 0; r < optimal.rows(); ++r) {
    if (optimal.text(r, "loss") != "Hinge") continue;
    const AnyScheduler lr = schedulers::Optimal(losses::Hinge{}, optimal.num(r, "alpha"));
    REQUIRE(test::same(lr.get(static_cast<std::uint64_t>(optimal.num(r, "t"))),
                       optimal.num(r, "value")));
  }
}

TEST_CASE("AnyScheduler: a plain number means Constant, as in River") {
  const AnyScheduler lr = 0.05;
  CHECK(std::holds_alternative<schedulers::Constant>(lr.variant()));
  CHECK(lr.get(100) == 0.05);
  CHECK(lr == AnyScheduler(schedulers::Constant(0.05)));
  CHECK(AnyScheduler() == AnyScheduler(0.01));
  CHECK_THROWS_WITH_AS(AnyScheduler(-1.0), "Constant: learning_rate must be finite and >= 0",
                       std::invalid_argument);
}

TEST_CASE("AnyScheduler spec nests Optimal's loss") {
  const AnyScheduler lr = schedulers::Optimal(losses::Hinge{}, 1e-4);
  CHECK(streamwise::to_json(lr.spec()) ==
        R"({"type":"Optimal","params":{"loss":{"type":"Hinge","params":{"threshold":1.0}},)"
        R"("alpha":0.0001}})");
  CHECK(streamwise::to_json(AnyScheduler(0.01).spec()) ==
        R"({"type":"Constant","params":{"learning_rate":0.01}})");
}

TEST_CASE("AnyScheduler round-trips every alternative through a checkpoint payload") {
  const AnyScheduler all[] = {0.3, schedulers::InverseScaling(0.1, 0.25),
                              schedulers::Optimal(losses::Log{}, 0.01)};
  for (const AnyScheduler& lr : all) {
    const AnyScheduler restored = test::payload_roundtrip(lr);
    CHECK(restored == lr);
    for (std::uint64_t t = 0; t < 20; ++t) CHECK(restored.get(t) == lr.get(t));
  }
}
