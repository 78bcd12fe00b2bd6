#pragma once
/// @file
/// Histogram numeric splitter for classification trees, River's
/// `tree.splitter.HistogramSplitter` (with River's `sketch.Histogram` per class).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/core/validate.hpp"
#include "streamwise/tree/detail/class_dist.hpp"

namespace streamwise::tree {

/// Watches one numeric feature in one leaf with one streaming histogram per class (Ben-Haim &
/// Tom-Tov: at most `n_bins` bins; a new value opens a point bin and the two bins with the
/// closest right edges merge when there are too many). Up to `n_splits` evenly spaced
/// thresholds are evaluated, with class weights split by each histogram's CDF. As in River, a
/// sample counts `int(w)` times (a weight below 1 is ignored).
///
/// ```cpp
/// using Tree = streamwise::tree::HoeffdingTreeClassifier<streamwise::tree::HistogramSplitter>;
/// Tree::Params p;
/// p.splitter = streamwise::tree::HistogramSplitter({.n_bins = 64, .n_splits = 16});
/// Tree model(p);
/// ```
class HistogramSplitter {
 public:
  static constexpr std::string_view name = "HistogramSplitter";
  static constexpr std::uint32_t class_version = 1;
  /// No log-density: naive Bayes uses `cond_proba`.
  static constexpr bool has_log_proba = false;

  /// Hyper-parameters, River's names and defaults.
  struct Params {
    std::int64_t n_bins = 256;   ///< Most bins per class histogram.
    std::int64_t n_splits = 32;  ///< Most thresholds evaluated per split attempt.

    template <class V>
    void visit(V&& v) {
      v("n_bins", n_bins);
      v("n_splits", n_splits);
    }
    /// Throws `std::invalid_argument` unless `n_bins` and `n_splits` are in [1, 2^20] (the upper
    /// bound keeps a damaged checkpoint from asking for billions of bins or candidate splits).
    void validate() const {
      if (n_bins <= 0 || n_bins > (1 << 20)) {
        throw invalid_parameter("HistogramSplitter", "n_bins", "in [1, 1048576]");
      }
      if (n_splits <= 0 || n_splits > (1 << 20)) {
        throw invalid_parameter("HistogramSplitter", "n_splits", "in [1, 1048576]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_bins, n_splits);
    }
  };

  /// One bin: the values in [left, right] and how many there were.
  struct Bin {
    double left = 0.0;   ///< Smallest value.
    double right = 0.0;  ///< Largest value.
    double count = 0.0;  ///< Number of values.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(left, right, count);
    }
    friend bool operator==(const Bin&, const Bin&) = default;
  };

  /// One class's histogram.
  struct ClassHistogram {
    ClassId cls = 0;        ///< Class id.
    double n = 0.0;         ///< Values seen.
    std::vector<Bin> bins;  ///< Sorted, disjoint bins.
    template <class Archive>
    void serialize(Archive& ar) {
      ar(cls, n, bins);
    }
    friend bool operator==(const ClassHistogram&, const ClassHistogram&) = default;
  };

  /// River's defaults (`n_bins = 256`, `n_splits = 32`).
  HistogramSplitter() = default;
  /// Validates and stores `params`.
  explicit HistogramSplitter(const Params& params) : params_(params) { params_.validate(); }

  /// Adds value `x` of class `c` `int(w)` times.
  void update(double x, ClassId c, double w) {
    require_finite(x, name);
    require_weight(w, name);
    if (w == 0.0) return;
    const auto times = static_cast<std::int64_t>(w);
    if (times <= 0) return;
    ClassHistogram* h = find(c);
    if (h == nullptr) {
      classes_.push_back(ClassHistogram{c, 0.0, {}});
      h = &classes_.back();
    }
    for (std::int64_t i = 0; i < times; ++i) add(*h, x);
  }

  /// River's `cond_proba`: the mass of the first bin starting after `x` (the last bin past the
  /// end), interpolated, over the class total; 0 for an unknown class.
  double cond_proba(double x, ClassId c) const {
    const ClassHistogram* h = find(c);
    if (h == nullptr || !(h->n > 0.0)) return 0.0;
    const auto it = std::upper_bound(h->bins.begin(), h->bins.end(), x,
                                     [](double v, const Bin& b) { return v < b.left; });
    const Bin& b = it != h->bins.end() ? *it : h->bins.back();
    if (b.left == b.right) return b.count / h->n;
    return (b.count * (x - b.left) / (b.right - b.left)) / h->n;
  }
  /// Unused (no log-density); -inf.
  double cond_log_proba(double /*x*/, ClassId /*c*/) const {
    return -std::numeric_limits<double>::infinity();
  }

  /// Writes the best threshold into `best` when it beats `best.merit` (River's
  /// `best_evaluated_split_suggestion`).
  template <class Criterion>
  void best_split(const Criterion& criterion, const detail::ClassDist& pre, FeatureId feature,
                  bool /*binary_only*/, detail::SplitSuggestion& best) const {
    if (classes_.empty()) return;
    double low = std::numeric_limits<double>::infinity();
    double high = std::numeric_limits<double>::infinity();
    std::size_t most_bins = 0;
    for (const auto& h : classes_) {
      low = std::min(low, h.bins.front().right);
      high = std::min(high, h.bins.back().right);
      most_bins = std::max(most_bins, h.bins.size());
    }
    if (low >= high) return;
    const auto n_thresholds =
        std::min<std::int64_t>(params_.n_splits, static_cast<std::int64_t>(most_bins) - 1);
    if (n_thresholds <= 0) return;
    std::vector<double> thresholds;
    thresholds.reserve(static_cast<std::size_t>(n_thresholds));
    const double step = (high - low) / static_cast<double>(n_thresholds + 1);
    double at = low;
    for (std::int64_t i = 0; i < n_thresholds; ++i) {
      at += step;
      thresholds.push_back(at);
    }
    // CDF of every class histogram at every threshold (River's iter_cdf).
    std::vector<std::vector<double>> cdfs(classes_.size());
    for (std::size_t k = 0; k < classes_.size(); ++k) cdfs[k] = iter_cdf(classes_[k], thresholds);
    std::vector<std::size_t> next(classes_.size(), 0);
    const double total = pre.total();
    detail::ClassDist post[2];
    for (double t : thresholds) {
      post[0].clear();
      post[1].clear();
      for (const auto& e : pre.entries()) {
        std::size_t k = 0;
        while (k < classes_.size() && classes_[k].cls != e.cls) ++k;
        if (k == classes_.size()) continue;
        const double p_xy = cdfs[k][next[k]++];
        const double p_y = e.weight / total;
        post[0].append(e.cls, total * p_y * p_xy);
        post[1].append(e.cls, total * p_y * (1.0 - p_xy));
      }
      const double merit = criterion.merit_of_split(pre, std::span<const detail::ClassDist>(post));
      if (merit > best.merit) {
        best.merit = merit;
        best.kind = detail::SplitKind::numeric_binary;
        best.feature = feature;
        best.value = t;
        best.values.clear();
        best.children.assign(post, post + 2);
      }
    }
  }

  /// The per-class histograms, in order of first appearance.
  std::span<const ClassHistogram> classes() const { return classes_; }
  /// Approximate bytes held (object and heap).
  std::size_t memory_size() const {
    std::size_t n = sizeof(*this) + classes_.capacity() * sizeof(ClassHistogram);
    for (const auto& h : classes_) n += h.bins.capacity() * sizeof(Bin);
    return n;
  }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("HistogramSplitter: checkpoint from a newer version");
    }
    ar(params_, classes_);
    if constexpr (Archive::is_loading::value) {
      detail::require_consistent(params_.n_bins > 0 && params_.n_splits > 0, name,
                                 "has invalid parameters");
      for (const auto& h : classes_) {
        detail::require_consistent(!h.bins.empty(), name, "has an empty histogram");
      }
    }
  }
  friend bool operator==(const HistogramSplitter&, const HistogramSplitter&) = default;

 private:
  ClassHistogram* find(ClassId c) {
    for (auto& h : classes_) {
      if (h.cls == c) return &h;
    }
    return nullptr;
  }
  const ClassHistogram* find(ClassId c) const {
    for (const auto& h : classes_) {
      if (h.cls == c) return &h;
    }
    return nullptr;
  }

  // River's Histogram.update.
  void add(ClassHistogram& h, double x) const {
    h.n += 1.0;
    auto& data = h.bins;
    if (data.empty()) {
      data.push_back(Bin{x, x, 1.0});
      return;
    }
    std::size_t lo = 0, hi = data.size();
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (data[mid].right < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == data.size()) {
      data.push_back(Bin{x, x, 1.0});
    } else if (x >= data[lo].left) {
      data[lo].count += 1.0;
    } else {
      data.insert(data.begin() + static_cast<std::ptrdiff_t>(lo), Bin{x, x, 1.0});
    }
    if (static_cast<std::int64_t>(data.size()) > params_.n_bins) {
      // Merge the pair of neighbours whose right edges are closest (the first such pair).
      double min_diff = std::numeric_limits<double>::infinity();
      std::size_t min_idx = 0;
      double prev_right = data[0].right;
      for (std::size_t i = 1; i < data.size(); ++i) {
        const double diff = data[i].right - prev_right;
        if (diff < min_diff) {
          min_diff = diff;
          min_idx = i - 1;
        }
        prev_right = data[i].right;
      }
      Bin& a = data[min_idx];
      const Bin b = data[min_idx + 1];
      if (b.left < a.left) a.left = b.left;
      if (b.right > a.right) a.right = b.right;
      a.count += b.count;
      data.erase(data.begin() + static_cast<std::ptrdiff_t>(min_idx + 1));
    }
  }

  // River's Histogram.iter_cdf over increasing `xs`.
  static std::vector<double> iter_cdf(const ClassHistogram& h, const std::vector<double>& xs) {
    std::vector<double> out;
    out.reserve(xs.size());
    if (h.n == 0.0) {
      out.assign(xs.size(), 0.0);
      return out;
    }
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::size_t i = 0;
    Bin b = h.bins[0];
    double cdf = 0.0;
    for (double x : xs) {
      while (x >= b.right) {
        cdf += b.count;
        ++i;
        b = i < h.bins.size() ? h.bins[i] : Bin{inf, inf, 0.0};
      }
      if (x > b.left) {
        out.push_back((cdf + b.count * (x - b.left) / (b.right - b.left)) / h.n);
      } else {
        out.push_back(cdf / h.n);
      }
    }
    return out;
  }

  Params params_{};
  std::vector<ClassHistogram> classes_;  // River's defaultdict order
};

}  // namespace streamwise::tree

CEREAL_CLASS_VERSION(streamwise::tree::HistogramSplitter,
                     streamwise::tree::HistogramSplitter::class_version)
