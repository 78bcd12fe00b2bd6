// The decoder's flat-object scanner: which values it takes itself, and that decoding with it
// gives exactly what simdjson's full parser gives (values, labels, keys, feature space, error
// messages) on many generated values, valid and not.

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "decoder.hpp"
#include "json_members.hpp"
#include "streamwise/core/rng.hpp"

using namespace streamwise;
using kafka::DecodedEvent;
using kafka::Decoder;
using kafka::DecoderOptions;
using kafka::JsonKind;
using kafka::JsonMember;
using kafka::scan_flat_json_object;

TEST_CASE("the scanner takes flat objects of plain names and scalars, and nothing else") {
  std::vector<JsonMember> m;
  REQUIRE(scan_flat_json_object(
      R"( {"period":0.021277,"n":-12,"z":-0,"e":1E-5,"c":"UP","t":true,"f":false,"m":null} )", m));
  REQUIRE(m.size() == 8);
  CHECK(m[0].name == "period");
  CHECK(m[0].kind == JsonKind::real);
  CHECK(m[0].number == 0.021277);
  CHECK(m[1].kind == JsonKind::int64);
  CHECK(m[1].int64 == -12);
  CHECK(m[1].number == -12.0);
  CHECK(m[2].kind == JsonKind::int64);  // "-0" is the integer 0, as simdjson has it
  CHECK_FALSE(std::signbit(m[2].number));
  CHECK(m[3].number == 1e-5);
  CHECK(m[4].kind == JsonKind::string);
  CHECK(m[4].text == "UP");
  CHECK(m[5].number == 1.0);
  CHECK(m[6].number == 0.0);
  CHECK(m[7].kind == JsonKind::null);
  REQUIRE(scan_flat_json_object("{}", m));
  CHECK(m.empty());
  REQUIRE(scan_flat_json_object(" {\n\t\"a\" : 1 ,\r\n\"b\":2}\n", m));
  CHECK(m.size() == 2);

  // Left to simdjson: escapes, non-ASCII text, nesting, integers that may not fit int64, reals
  // out of range, and everything that is not JSON.
  for (const char* v : {R"({"a":"x\ny"})",
                        R"({"a\"":1})",
                        "{\"a\":\"\xc3\xa9\"}",
                        R"({"a":[1]})",
                        R"({"a":{"b":1}})",
                        R"({"a":1234567890123456789})",
                        R"({"a":1e400})",
                        R"({"a":1e-400})",
                        R"({"a":01})",
                        R"({"a":1.})",
                        R"({"a":.5})",
                        R"({"a":-})",
                        R"({"a":1,})",
                        R"({"a":1} x)",
                        R"({"a":1)",
                        R"({"a" 1})",
                        R"({a:1})",
                        R"({"a":tru})",
                        R"({"a":nulll})",
                        "[1]",
                        "",
                        "{\"a\":\"tab\there\"}",
                        R"({"a":NaN})",
                        R"({"a":+1})"}) {
    CAPTURE(v);
    CHECK_FALSE(scan_flat_json_object(v, m));
  }
}

namespace {

// A random message built from pieces that are valid, borderline or broken JSON.
std::string random_value(Rng& rng) {
  static const std::vector<std::string> names = {
      R"("a")", R"("b")",       R"("class")", R"("id")",     R"("ts")", R"("x y")",
      R"("")",  "\"\xc3\xa9\"", R"("q\"")",   R"("\u0061")", R"(b)"};
  static const std::vector<std::string> values = {"0",
                                                  "-0",
                                                  "1",
                                                  "-12",
                                                  "7",
                                                  "123456789012345678",
                                                  "-123456789012345678",
                                                  "1234567890123456789",
                                                  "9223372036854775807",
                                                  "9223372036854775808",
                                                  "18446744073709551615",
                                                  "18446744073709551616",
                                                  "-9223372036854775809",
                                                  "1.5",
                                                  "-0.0",
                                                  "1e5",
                                                  "1E-5",
                                                  "2.5e+3",
                                                  "0.1",
                                                  "3.141592653589793238462643383279",
                                                  "4.9e-324",
                                                  "1.7976931348623157e308",
                                                  "1e400",
                                                  "1e-400",
                                                  "01",
                                                  "1.",
                                                  ".5",
                                                  "-",
                                                  "+1",
                                                  "NaN",
                                                  "Infinity",
                                                  R"("red")",
                                                  R"("blue")",
                                                  R"("")",
                                                  R"("1.25")",
                                                  R"("abc")",
                                                  R"("a\nb")",
                                                  "\"\xc3\xa9\"",
                                                  R"("\u00e9")",
                                                  "\"tab\there\"",
                                                  "true",
                                                  "false",
                                                  "null",
                                                  "tru",
                                                  "nul",
                                                  "[1]",
                                                  "[]",
                                                  R"({"y":1})",
                                                  "{}"};
  static const std::vector<std::string> spaces = {"", "", "", " ", "\n", "\t", "\r\n"};
  auto pick = [&rng](const std::vector<std::string>& v) -> const std::string& {
    return v[rng.below(v.size())];
  };
  std::string s = pick(spaces) + "{";
  const std::uint64_t n = rng.below(6);
  for (std::uint64_t i = 0; i < n; ++i) {
    if (i > 0) s += rng.below(40) == 0 ? "" : ",";
    s += pick(spaces) + pick(names) + pick(spaces) + (rng.below(40) == 0 ? "" : ":") +
         pick(spaces) + pick(values) + pick(spaces);
  }
  if (rng.below(30) == 0) s += ",";
  if (rng.below(30) != 0) s += "}";
  s += pick(spaces);
  if (rng.below(30) == 0) s += "x";
  return s;
}

void check_same_space(const FeatureSpace& a, const FeatureSpace& b) {
  REQUIRE(a.size() == b.size());
  for (FeatureId i = 0; i < a.size(); ++i) {
    CHECK(a.name(i) == b.name(i));
    CHECK(a.kind(i) == b.kind(i));
    CHECK(a.n_nominal_values(i) == b.n_nominal_values(i));
  }
}

void check_same_event(const DecodedEvent& a, const DecodedEvent& b) {
  REQUIRE(a.x.size() == b.x.size());
  for (std::size_t i = 0; i < a.x.size(); ++i) {
    CHECK(std::memcmp(&a.x[i], &b.x[i], sizeof(double)) == 0);  // bit for bit, NaN included
  }
  CHECK(a.has_label == b.has_label);
  CHECK(a.label == b.label);
  CHECK(std::memcmp(&a.target, &b.target, sizeof(double)) == 0);
  CHECK(a.has_key == b.has_key);
  CHECK(a.key == b.key);
}

}  // namespace

TEST_CASE("decoding with the scanner equals decoding with simdjson alone") {
  for (const bool numeric_label : {false, true}) {
    CAPTURE(numeric_label);
    DecoderOptions o;
    o.key = "id";
    o.ignore = {"ts"};
    o.numeric_label = numeric_label;
    o.require_label = false;
    DecoderOptions full = o;
    full.fast_json = false;
    FeatureSpace fast_space, full_space;
    Decoder fast(o, &fast_space), slow(full, &full_space);
    DecodedEvent fast_event, full_event;
    Rng rng(11);
    std::size_t scanned = 0, valid = 0, invalid = 0;
    std::vector<JsonMember> members;
    for (int i = 0; i < 20000; ++i) {
      const std::string v = random_value(rng);
      CAPTURE(v);
      scanned += scan_flat_json_object(v, members) ? 1 : 0;
      const auto a = fast.decode(v, fast_event);
      const auto b = slow.decode(v, full_event);
      REQUIRE(a.has_value() == b.has_value());
      if (a) {
        CHECK(*a == *b);
        ++invalid;
      } else {
        check_same_event(fast_event, full_event);
        ++valid;
      }
      if (i % 1000 == 0) check_same_space(fast_space, full_space);
    }
    check_same_space(fast_space, full_space);
    // The comparison covers both paths and both outcomes in quantity.
    CHECK(scanned > 3000);
    CHECK(valid > 2000);
    CHECK(invalid > 2000);
    MESSAGE("scanned " << scanned << ", valid " << valid << ", invalid " << invalid);
  }
}
