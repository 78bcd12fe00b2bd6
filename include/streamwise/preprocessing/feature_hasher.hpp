#pragma once
/// @file
/// The hashing trick, River's `preprocessing.FeatureHasher`.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/numpy_random.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/preprocessing/detail/encoding.hpp"
#include "streamwise/preprocessing/detail/sample_checks.hpp"

namespace streamwise::preprocessing {

namespace detail {

/// MurmurHash3 x86 32-bit of the concatenation of `parts` (hashed as one byte string, without
/// building it), the variant River's Rust code and scikit-learn use.
inline std::uint32_t murmur3_32(std::initializer_list<std::string_view> parts, std::uint32_t seed) {
  constexpr std::uint32_t c1 = 0xcc9e2d51u;
  constexpr std::uint32_t c2 = 0x1b873593u;
  const auto rotl = [](std::uint32_t v, int r) { return (v << r) | (v >> (32 - r)); };
  const auto mix = [&](std::uint32_t k) {
    k *= c1;
    k = rotl(k, 15);
    return k * c2;
  };
  std::uint32_t h = seed;
  std::uint32_t block = 0;  // bytes of the current 4-byte block, little-endian
  std::size_t filled = 0;
  std::size_t length = 0;
  for (std::string_view part : parts) {
    for (const char c : part) {
      block |= static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << (8 * filled);
      if (++filled == 4) {
        h ^= mix(block);
        h = rotl(h, 13);
        h = h * 5 + 0xe6546b64u;
        block = 0;
        filled = 0;
      }
    }
    length += part.size();
  }
  if (filled > 0) h ^= mix(block);
  h ^= static_cast<std::uint32_t>(length);
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

}  // namespace detail

/// Hashes each present feature into one of `n_features` buckets with MurmurHash3, as River:
/// a nominal feature is hashed as the token `"name=value"` and contributes 1, a numeric one is
/// hashed as `"name"` and contributes its value; with `alternate_sign`, a token whose signed
/// hash is negative contributes the opposite. Contributions falling in the same bucket add up
/// (in feature-id order); buckets nothing falls in are absent (NaN). The hasher learns nothing.
///
/// The hash seed is River's: `np.random.RandomState(seed).randint(0, 2**32)`, drawn afresh when
/// `seed` is None, and saved in checkpoints. Names come from the bound `FeatureSpace`; the
/// bucket and sign of each numeric feature and of each nominal (feature, value) are cached
/// by `learn_one`, so the dense path hashes each name once.
///
/// ```cpp
/// streamwise::FeatureSpace space;
/// const auto dog = space.intern("dog");
/// streamwise::preprocessing::FeatureHasher hasher({.n_features = 10, .seed = 42});
/// hasher.bind(&space);
/// std::vector<double> row{1.0}, out(10);
/// hasher.learn_one({row});           // caches the bucket of "dog"
/// hasher.transform_one({row}, out);  // one bucket holds +-1.0, the others are NaN
/// ```
class FeatureHasher {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    /// Number of buckets (the output width).
    std::int64_t n_features = 1048576;
    /// Seed of the hash seed; None draws one from the operating system.
    std::optional<std::int64_t> seed = std::nullopt;
    /// Negate the contribution of tokens whose signed hash is negative.
    bool alternate_sign = true;

    /// Lists every field for reflection.
    template <class V>
    void visit(V&& v) {
      v("n_features", n_features);
      v("seed", seed);
      v("alternate_sign", alternate_sign);
    }
    /// Throws `std::invalid_argument` unless `n_features` is in [1, 2^31] and `seed` is None or
    /// in [0, 2^32) (numpy's seed range).
    void validate() const {
      if (n_features < 1 || n_features > (std::int64_t{1} << 31)) {
        throw invalid_parameter("FeatureHasher", "n_features", "in [1, 2147483648]");
      }
      if (seed && (*seed < 0 || *seed > 0xffffffffLL)) {
        throw invalid_parameter("FeatureHasher", "seed", "None or in [0, 4294967295]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(n_features, seed, alternate_sign);
    }
  };

  static constexpr std::string_view name = "FeatureHasher";
  static constexpr std::uint32_t class_version = 1;
  /// Nominal codes are hashed with their value's text.
  static constexpr bool accepts_nominal = true;

  /// River's defaults: 2^20 buckets, a random seed, alternating signs.
  FeatureHasher() : FeatureHasher(Params{}) {}
  /// Validates `params` and derives the hash seed.
  explicit FeatureHasher(const Params& params)
      : params_((params.validate(), params)), hash_seed_(derive_seed(params.seed)) {}

  /// Binds the `FeatureSpace` that names the features and nominal values (and forgets the
  /// cached buckets of a previous space).
  void bind(const FeatureSpace* space) {
    space_ = space;
    numeric_slots_.clear();
    nominal_slots_.clear();
  }
  /// The bound space, or nullptr.
  const FeatureSpace* space() const { return space_; }

  /// River's hasher learns nothing; this caches the bucket and sign of the sample's tokens so
  /// that `transform_one` need not hash them. Throws `std::logic_error` when unbound and
  /// `InvalidInput` (nothing cached) for an infinite value, an unknown feature or a bad code.
  void learn_one(DenseView x) { cache_tokens(x); }

  /// `learn_one` for a sparse input sample (`(id, value)` pairs of present features; NaN is
  /// refused): the form for wide inputs such as bags of words.
  void learn_one(SparseView x) { cache_tokens(x); }

  /// Writes the hashed sample to `out[0, n_features)` (slots past it are NaN). Tokens not
  /// cached by `learn_one` are hashed on the fly (no allocation). Throws `std::logic_error`
  /// when unbound, `InvalidInput` when `out` is shorter than `n_features` or the sample is
  /// invalid for the bound space.
  void transform_one(DenseView x, std::span<double> out) const {
    require_bound();
    const auto n = static_cast<std::size_t>(params_.n_features);
    if (out.size() < n) {
      throw InvalidInput("FeatureHasher: out has " + std::to_string(out.size()) +
                         " slots, fewer than n_features = " + std::to_string(n));
    }
    detail::require_valid_codes(x, *space_, name);
    for (double& o : out) o = missing_value;
    for_each_present(x, [&](FeatureId id, double value) {
      const Contribution c = contribution(id, value);
      double& o = out[c.bucket];
      o = is_missing(o) ? c.value : o + c.value;
    });
  }

  /// Sparse form of `transform_one` for wide hashing spaces (the default 2^20 buckets): writes
  /// only the produced buckets to `out` as (bucket, value) pairs sorted by bucket, with the same
  /// values as the dense form. No allocation once `out` and this thread's scratch have grown to
  /// the widest sample. Throws like `transform_one`.
  void transform_one(DenseView x, SparseSample& out) const { hash_sparse(x, out); }

  /// Sparse to sparse: the form for wide inputs (bags of words) hashed into a wide space; the
  /// cost depends on the present features only. Same values as the dense forms.
  void transform_one(SparseView x, SparseSample& out) const { hash_sparse(x, out); }

  /// Output width: `n_features` whatever the sample.
  std::size_t n_outputs(DenseView /*x*/ = {}) const {
    return static_cast<std::size_t>(params_.n_features);
  }
  /// River's key of a bucket: its index as text (`"5"`). Throws `std::out_of_range` past
  /// `n_features`.
  std::string output_name(FeatureId out_id) const {
    if (out_id >= n_outputs()) throw std::out_of_range("FeatureHasher: no such bucket");
    return std::to_string(out_id);
  }

  /// Bucket of a token and whether its contribution is negated.
  struct Bucket {
    std::uint32_t index = 0;  ///< In [0, n_features).
    bool negative = false;    ///< True with `alternate_sign` when the signed hash is < 0.
  };
  /// Bucket of `token` (`"name"` or `"name=value"`), computed as River does.
  Bucket bucket_of(std::string_view token) const {
    const Slot s = slot_of(detail::murmur3_32({token}, hash_seed_));
    return Bucket{s.bucket, s.negative};
  }

  /// The 32-bit MurmurHash3 seed derived from `seed` (River's `_seed`).
  std::uint32_t hash_seed() const { return hash_seed_; }
  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// Saves or loads parameters and the derived hash seed (the cache is rebuilt as needed).
  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) {
      throw CheckpointError("FeatureHasher: checkpoint from a newer version");
    }
    ar(params_, hash_seed_);
    if constexpr (Archive::is_loading::value) {
      try {
        params_.validate();
      } catch (const std::invalid_argument& e) {
        throw CheckpointError(std::string("FeatureHasher: invalid parameters in checkpoint: ") +
                              e.what());
      }
      if (params_.seed && hash_seed_ != derive_seed(params_.seed)) {
        throw CheckpointError("FeatureHasher: hash seed does not match seed in checkpoint");
      }
      numeric_slots_.clear();
      nominal_slots_.clear();
    }
  }

  /// Same parameters and hash seed (the cache and the bound space are not compared).
  friend bool operator==(const FeatureHasher& a, const FeatureHasher& b) {
    return a.params_ == b.params_ && a.hash_seed_ == b.hash_seed_;
  }

 private:
  struct Contribution {
    std::uint32_t bucket;
    std::uint32_t feature;
    double value;
  };

  struct Slot {
    std::uint32_t bucket = 0;
    bool negative = false;
    bool known = false;
  };

  // Calls `f(id, value)` for each present feature of a dense sample, in id order.
  template <class F>
  static void for_each_present(DenseView x, F&& f) {
    const auto& v = x.values;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!is_missing(v[i])) f(static_cast<FeatureId>(i), v[i]);
    }
  }
  // Calls `f(id, value)` for each feature of a sparse sample, in its order.
  template <class F>
  static void for_each_present(SparseView x, F&& f) {
    for (std::size_t k = 0; k < x.ids.size(); ++k) f(x.ids[k], x.values[k]);
  }

  // `learn_one`: caches the slot of each token of a (checked) sample.
  template <class Sample>
  void cache_tokens(Sample x) {
    require_bound();
    detail::require_valid_codes(x, *space_, name);
    for_each_present(x, [this](FeatureId id, double value) {
      const std::size_t i = id;
      if (space_->kind(id) == FeatureKind::nominal) {
        if (nominal_slots_.size() <= i) nominal_slots_.resize(i + 1);
        auto& slots = nominal_slots_[i];
        const auto code = static_cast<std::size_t>(value);
        if (slots.size() <= code) slots.resize(code + 1);
        if (!slots[code].known) slots[code] = hash_slot(id, value);
      } else {
        if (numeric_slots_.size() <= i) numeric_slots_.resize(i + 1);
        if (!numeric_slots_[i].known) numeric_slots_[i] = hash_slot(id, value);
      }
    });
  }

  // The signed contribution of one present token (cached slot, or hashed on the fly).
  Contribution contribution(FeatureId id, double value) const {
    const bool nominal = space_->kind(id) == FeatureKind::nominal;
    Slot slot = cached(id, value, nominal);
    if (!slot.known) slot = hash_slot(id, value);
    double c = nominal ? 1.0 : value;
    if (slot.negative) c = -c;
    return Contribution{slot.bucket, id, c};
  }

  // The sparse transform of a (checked) sample: contributions sorted by bucket, then by
  // feature so that colliding contributions add up in River's order.
  template <class Sample>
  void hash_sparse(Sample x, SparseSample& out) const {
    require_bound();
    detail::require_valid_codes(x, *space_, name);
    thread_local std::vector<Contribution> scratch;
    scratch.clear();
    for_each_present(
        x, [&](FeatureId id, double value) { scratch.push_back(contribution(id, value)); });
    std::sort(scratch.begin(), scratch.end(), [](const Contribution& a, const Contribution& b) {
      return a.bucket != b.bucket ? a.bucket < b.bucket : a.feature < b.feature;
    });
    out.clear();
    for (std::size_t k = 0; k < scratch.size();) {
      double sum = scratch[k].value;
      std::size_t j = k + 1;
      for (; j < scratch.size() && scratch[j].bucket == scratch[k].bucket; ++j) {
        sum += scratch[j].value;
      }
      out.push_back(scratch[k].bucket, sum);
      k = j;
    }
  }

  static std::uint32_t derive_seed(const std::optional<std::int64_t>& seed) {
    NumpyRandomState rng(0);
    if (seed) {
      rng.seed_int(static_cast<std::uint32_t>(*seed));
    } else {
      rng.seed_entropy();
    }
    // randint(0, 2**32, dtype=uint32) takes one raw 32-bit draw.
    return rng.next_u32();
  }

  void require_bound() const {
    if (space_ == nullptr) throw std::logic_error("FeatureHasher: bind() a FeatureSpace first");
  }

  Slot slot_of(std::uint32_t h) const {
    const auto signed_h = static_cast<std::int32_t>(h);
    const std::int64_t n = params_.n_features;
    std::int64_t bucket = static_cast<std::int64_t>(signed_h) % n;  // Euclidean remainder
    if (bucket < 0) bucket += n;
    return Slot{static_cast<std::uint32_t>(bucket), params_.alternate_sign && signed_h < 0, true};
  }

  Slot hash_slot(FeatureId id, double value) const {
    const std::string& feature = space_->name(id);
    if (space_->kind(id) == FeatureKind::nominal) {
      return slot_of(
          detail::murmur3_32({feature, "=", space_->nominal_value(id, value)}, hash_seed_));
    }
    return slot_of(detail::murmur3_32({feature}, hash_seed_));
  }

  Slot cached(FeatureId id, double value, bool nominal) const {
    if (!nominal) return id < numeric_slots_.size() ? numeric_slots_[id] : Slot{};
    if (id >= nominal_slots_.size()) return Slot{};
    const auto code = static_cast<std::size_t>(value);
    return code < nominal_slots_[id].size() ? nominal_slots_[id][code] : Slot{};
  }

  Params params_{};
  std::uint32_t hash_seed_ = 0;
  const FeatureSpace* space_ = nullptr;
  std::vector<Slot> numeric_slots_;               // per feature id
  std::vector<std::vector<Slot>> nominal_slots_;  // per feature id, per nominal code
};

}  // namespace streamwise::preprocessing

CEREAL_CLASS_VERSION(streamwise::preprocessing::FeatureHasher,
                     streamwise::preprocessing::FeatureHasher::class_version)
