#include <doctest/doctest.h>

#include <optional>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"

namespace {

// A stand-in estimator with every kind of parameter the reflection supports.
struct Inner {
  struct Params {
    double delta = 0.002;
    template <class V>
    void visit(V&& v) {
      v("delta", delta);
    }
    void validate() const {}
  };
  static constexpr std::string_view name = "Inner";
  const Params& params() const { return params_; }
  Params params_;
};

struct Outer {
  struct Params {
    int grace_period = 200;
    double tau = 0.05;
    bool binary_split = false;
    std::string leaf_prediction = "nba";
    std::optional<std::uint64_t> seed;
    Inner inner;
    template <class V>
    void visit(V&& v) {
      v("grace_period", grace_period);
      v("tau", tau);
      v("binary_split", binary_split);
      v("leaf_prediction", leaf_prediction);
      v("seed", seed);
      v("inner", inner);
    }
    void validate() const {
      if (grace_period <= 0) throw streamwise::invalid_parameter("Outer", "grace_period", "> 0");
    }
  };
  static constexpr std::string_view name = "Outer";
  const Params& params() const { return params_; }
  Params params_;
};

}  // namespace

TEST_CASE("params list in declaration order with their types") {
  const auto list = streamwise::to_param_list(Outer::Params{});
  REQUIRE(list.size() == 6);
  CHECK(list[0].name == "grace_period");
  CHECK(std::get<std::int64_t>(list[0].value) == 200);
  CHECK(std::get<double>(list[1].value) == 0.05);
  CHECK(std::get<bool>(list[2].value) == false);
  CHECK(std::get<std::string>(list[3].value) == "nba");
  CHECK(std::holds_alternative<std::monostate>(list[4].value));
  CHECK(std::get<std::shared_ptr<const streamwise::EstimatorSpec>>(list[5].value)->type == "Inner");
}

TEST_CASE("spec JSON and River-style repr") {
  Outer o;
  o.params_.seed = 42;
  const auto spec = streamwise::spec_of(o);
  CHECK(streamwise::to_json(spec) ==
        R"({"type":"Outer","params":{"grace_period":200,"tau":0.05,"binary_split":false,)"
        R"("leaf_prediction":"nba","seed":42,"inner":{"type":"Inner","params":{"delta":0.002}}}})");
  CHECK(streamwise::repr(spec) ==
        "Outer (\n  grace_period=200\n  tau=0.05\n  binary_split=False\n  leaf_prediction=\"nba\"\n"
        "  seed=42\n  inner=Inner (\n    delta=0.002\n  )\n)");
}

TEST_CASE("repr formats floats like River") {
  using streamwise::EstimatorSpec;
  auto one = [](double v) { return streamwise::repr(EstimatorSpec{"X", {{"v", v}}}); };
  CHECK(one(1e-7) == "X (\n  v=1e-07\n)");
  CHECK(one(100.0) == "X (\n  v=100.\n)");
  CHECK(one(0.5) == "X (\n  v=0.5\n)");
  CHECK(one(2e6) == "X (\n  v=2e+06\n)");
}

TEST_CASE("JSON doubles round-trip exactly and strings are escaped") {
  using streamwise::EstimatorSpec;
  const auto json = streamwise::to_json(EstimatorSpec{
      "X", {{"a", 0.1}, {"b", 1.0 / 3.0}, {"c", 1e300}, {"s", std::string("q\"\\\n")}}});
  CHECK(json ==
        R"({"type":"X","params":{"a":0.1,"b":0.3333333333333333,"c":1e+300,"s":"q\"\\\n"}})");
}

TEST_CASE("params_from_list assigns, converts and validates") {
  using streamwise::Param;
  const streamwise::ParamList values{
      {"grace_period", std::int64_t{50}}, {"tau", std::int64_t{1}}, {"seed", std::int64_t{7}}};
  const auto p = streamwise::params_from_list<Outer::Params>(values, "Outer");
  CHECK(p.grace_period == 50);
  CHECK(p.tau == 1.0);
  CHECK(p.seed == 7u);
  CHECK(p.leaf_prediction == "nba");
}

TEST_CASE("params_from_list rejects unknown names, wrong types and invalid values") {
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<Outer::Params>({{"grace", std::int64_t{1}}}, "Outer"),
      "Outer: unknown parameter grace", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<Outer::Params>({{"grace_period", std::string("x")}}, "Outer"),
      "Outer: parameter grace_period has the wrong type", std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      streamwise::params_from_list<Outer::Params>({{"grace_period", std::int64_t{0}}}, "Outer"),
      "Outer: grace_period must be > 0", std::invalid_argument);
}

TEST_CASE("JSON numbers are laid out like Python's repr") {
  using streamwise::detail::format_double;
  CHECK(format_double(50.0) == "50.0");
  CHECK(format_double(0.005) == "0.005");
  CHECK(format_double(1e-7) == "1e-07");
  CHECK(format_double(1e16) == "1e+16");
  CHECK(format_double(123456.789) == "123456.789");
  CHECK(format_double(-0.0) == "-0.0");
  CHECK(format_double(0.1 + 0.2) == "0.30000000000000004");
}

namespace {
// A type-erased part: its spec depends on the value held, not on a static name.
struct ErasedPart {
  std::string held = "Constant";
  streamwise::EstimatorSpec spec() const { return {held, {{"learning_rate", 0.01}}}; }
};
struct WithErased {
  struct Params {
    ErasedPart lr;
    template <class V>
    void visit(V&& v) {
      v("lr", lr);
    }
    void validate() const {}
  };
  static constexpr std::string_view name = "SGD";
  const Params& params() const { return params_; }
  Params params_;
};
}  // namespace

TEST_CASE("type-erased parameters become nested specs") {
  CHECK(streamwise::to_json(streamwise::spec_of(WithErased{})) ==
        R"({"type":"SGD","params":{"lr":{"type":"Constant","params":{"learning_rate":0.01}}}})");
  CHECK(streamwise::repr(streamwise::spec_of(WithErased{})) ==
        "SGD (\n  lr=Constant (\n    learning_rate=0.01\n  )\n)");
}
