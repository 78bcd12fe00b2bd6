#pragma once
// River reference values for the tree splitters and split criteria (tests/data/tree, written
// by make_reference.py: splitter_stream.csv, splitters.csv, cond.csv, criteria.csv).

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "streamwise/tree/criteria/named_criterion.hpp"
#include "streamwise/tree/detail/class_dist.hpp"
#include "support/checkpoint.hpp"
#include "support/oracle.hpp"

namespace streamwise::test::tree {

/// Splits `s` on `sep` (an empty string gives one empty part).
inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

/// Parses a Python float repr ("inf", "-inf", "1e-07").
inline double parse_double(const std::string& s) {
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  return std::stod(s);
}

/// Rows of a CSV in tests/data/tree as cells (header dropped).
inline std::vector<std::vector<std::string>> read_rows(const std::string& file) {
  std::ifstream in(data_path("tree/" + file));
  REQUIRE_MESSAGE(in.good(), "missing tests/data/tree/" << file);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(split(line, ','));
  }
  return rows;
}

/// "class:weight;class:weight" -> a ClassDist in that order ("" is empty).
inline streamwise::tree::detail::ClassDist parse_dist(const std::string& s) {
  streamwise::tree::detail::ClassDist d;
  if (s.empty()) return d;
  for (const auto& part : split(s, ';')) {
    const auto kv = split(part, ':');
    d.append(static_cast<ClassId>(std::stoul(kv[0])), parse_double(kv[1]));
  }
  return d;
}

/// The weighted stream every splitter reference was computed on.
struct SplitterSample {
  double x;
  double nominal;
  ClassId y;
  double w;
};
inline std::vector<SplitterSample> splitter_stream() {
  std::vector<SplitterSample> out;
  for (const auto& r : read_rows("splitter_stream.csv")) {
    out.push_back(SplitterSample{std::stod(r[0]), std::stod(r[1]),
                                 static_cast<ClassId>(std::stoul(r[2])), std::stod(r[3])});
  }
  return out;
}

/// Class totals of the stream in order of first appearance (what a leaf would hold).
inline streamwise::tree::detail::ClassDist stream_totals() {
  streamwise::tree::detail::ClassDist pre;
  for (const auto& s : splitter_stream()) pre.add(s.y, s.w);
  return pre;
}

/// Same classes in the same order with weights equal within `tol`.
inline bool same_dist(const streamwise::tree::detail::ClassDist& a,
                      const streamwise::tree::detail::ClassDist& b, double tol = 1e-12) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.entries()[i].cls != b.entries()[i].cls) return false;
    if (!close(a.entries()[i].weight, b.entries()[i].weight, tol)) return false;
  }
  return true;
}

/// The criterion a reference row names ("info_gain_frac" is info gain with a 0.3 fraction).
inline streamwise::tree::NamedCriterion criterion_named(const std::string& name) {
  if (name == "info_gain_frac")
    return streamwise::tree::NamedCriterion::from_name("info_gain", 0.3);
  return streamwise::tree::NamedCriterion::from_name(name, 0.01);
}

/// Checks a splitter's best split against every splitters.csv row for `splitter_name`, with
/// each criterion. `make` builds the criterion from its name and min_branch_fraction.
template <class Splitter, class Make>
int check_best_splits(const Splitter& sp, const std::string& splitter_name, Make make) {
  const auto pre = stream_totals();
  int checked = 0;
  for (const auto& r : read_rows("splitters.csv")) {
    if (r[0] != splitter_name) continue;
    CAPTURE(r[1]);
    CAPTURE(r[2]);
    const auto criterion = make(r[1]);
    streamwise::tree::detail::SplitSuggestion best;
    sp.best_split(criterion, pre, 7, r[2] == "1", best);
    const double merit = parse_double(r[3]);
    if (r[4].empty()) {
      CHECK(best.kind == streamwise::tree::detail::SplitKind::none);
      CHECK(best.merit == merit);
    } else {
      CHECK(best.kind != streamwise::tree::detail::SplitKind::none);
      CHECK(best.feature == 7);
      if (std::isinf(merit)) {
        CHECK(best.merit == merit);
      } else {
        CHECK(close(best.merit, merit, 1e-12));
      }
      const auto children = split(r[5], '|');
      REQUIRE(best.children.size() == children.size());
      for (std::size_t i = 0; i < children.size(); ++i) {
        CHECK(same_dist(best.children[i], parse_dist(children[i])));
      }
      if (best.kind == streamwise::tree::detail::SplitKind::nominal_multiway) {
        const auto values = split(r[4], ';');
        REQUIRE(best.values.size() == values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
          CHECK(best.values[i] == std::stod(values[i]));
        }
      } else {
        CHECK(close(best.value, std::stod(r[4]), 1e-12));
      }
    }
    ++checked;
  }
  return checked;
}

}  // namespace streamwise::test::tree
