#pragma once
/// @file
/// River's `datasets.synth.Agrawal`: loan applications with ten labelling functions.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/optional.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/datasets/detail/python_rng.hpp"
#include "streamwise/datasets/sample.hpp"

namespace streamwise::datasets {

/// Agrawal stream: nine features (`salary`, `commission`, `age`, `elevel`, `car`, `zipcode`,
/// `hvalue`, `hyears`, `loan`; the integer ones, nominal in the paper, stay numeric codes as in
/// River) and a binary class from one of ten functions. Optional class balancing and
/// perturbation. Same seed, same samples as River, bit for bit.
///
/// ```cpp
/// streamwise::datasets::Agrawal gen({.classification_function = 0, .seed = 42});
/// auto s = gen.next();  // salary 103125.4837..., age 21, ..., s.y = 1
/// ```
class Agrawal {
 public:
  /// Hyper-parameters, with River's names and defaults.
  struct Params {
    std::int64_t classification_function = 0;         ///< Labelling function, 0 to 9.
    std::optional<std::int64_t> seed = std::nullopt;  ///< Random seed; none draws one from the OS.
    bool balance_classes = false;  ///< Alternate classes 1, 0, 1, ... by rejection.
    double perturbation = 0.0;     ///< Noise magnitude on numeric features, in [0, 1].

    template <class V>
    void visit(V&& v) {
      v("classification_function", classification_function);
      v("seed", seed);
      v("balance_classes", balance_classes);
      v("perturbation", perturbation);
    }
    /// Throws `std::invalid_argument` for a function outside 0-9 or a perturbation outside
    /// [0, 1].
    void validate() const {
      if (classification_function < 0 || classification_function > 9) {
        throw invalid_parameter("Agrawal", "classification_function", "in 0..9");
      }
      if (!(perturbation >= 0.0 && perturbation <= 1.0)) {
        throw invalid_parameter("Agrawal", "perturbation", "in [0, 1]");
      }
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(classification_function, seed, balance_classes, perturbation);
    }
  };
  /// What `next` produces.
  using Sample = ClassificationSample;
  static constexpr std::string_view name = "Agrawal";
  static constexpr std::uint32_t class_version = 1;

  /// River's defaults (unseeded).
  Agrawal() : Agrawal(Params{}) {}
  /// Validates `params` and starts the stream.
  explicit Agrawal(const Params& params) : params_(params) {
    params_.validate();
    reset();
  }

  /// Restarts the stream from its seed (River's `iter(dataset)`); also undoes `generate_drift`.
  void reset() {
    rng_.reseed(params_.seed);
    next_class_should_be_zero_ = false;
    function_ = params_.classification_function;
  }

  /// Writes the next sample into `out`; always true (the stream is infinite).
  bool next(Sample& out) {
    double salary = 0, commission = 0, age = 0, elevel = 0, car = 0, zipcode = 0, hvalue = 0,
           hyears = 0, loan = 0;
    int y = 0;
    for (;;) {
      salary = 20000.0 + 130000.0 * rng_.random();
      commission = salary >= 75000.0 ? 0.0 : 10000.0 + 75000.0 * rng_.random();
      age = static_cast<double>(rng_.randint(20, 80));
      elevel = static_cast<double>(rng_.randint(0, 4));
      car = static_cast<double>(rng_.randint(1, 20));
      zipcode = static_cast<double>(rng_.randint(0, 8));
      hvalue = (8.0 - zipcode) * 100000.0 * (0.5 + rng_.random());
      hyears = static_cast<double>(rng_.randint(1, 30));
      loan = rng_.random() * 500000.0;
      y = classify(function_, salary, commission, age, elevel, hvalue, hyears, loan);
      if (!params_.balance_classes) break;
      if ((next_class_should_be_zero_ && y == 0) || (!next_class_should_be_zero_ && y == 1)) {
        next_class_should_be_zero_ = !next_class_should_be_zero_;
        break;
      }
    }
    if (params_.perturbation > 0.0) {
      salary = perturb(salary, 20000.0, 150000.0, 130000.0);
      if (commission > 0.0) commission = perturb(commission, 10000.0, 75000.0, 65000.0);
      age = std::nearbyint(perturb(age, 20.0, 80.0, 60.0));
      // River passes (9 - zipcode) * 100000 as the minimum, 0 as the maximum and 135000 as the
      // range here, so a perturbed house value is clamped to that minimum (or to 0 above it).
      hvalue = perturb(hvalue, (9.0 - zipcode) * 100000.0, 0.0, 135000.0);
      hyears = std::nearbyint(perturb(hyears, 1.0, 30.0, 29.0));
      loan = perturb(loan, 0.0, 500000.0, 500000.0);
    }
    out.x.resize(9);
    out.x[0] = salary;
    out.x[1] = commission;
    out.x[2] = age;
    out.x[3] = elevel;
    out.x[4] = car;
    out.x[5] = zipcode;
    out.x[6] = hvalue;
    out.x[7] = hyears;
    out.x[8] = loan;
    out.y = static_cast<ClassId>(y);
    return true;
  }
  /// The next sample, as a new object.
  Sample next() {
    Sample s;
    next(s);
    return s;
  }

  /// Switches to another labelling function drawn at random, like River's `generate_drift`.
  /// `params()` keeps the configured function; `classification_function()` is the active one.
  void generate_drift() {
    std::int64_t f = rng_.randint(0, 9);
    while (f == function_) f = rng_.randint(0, 9);
    function_ = f;
  }
  /// The labelling function in use.
  std::int64_t classification_function() const { return function_; }

  /// Number of features (9).
  std::size_t n_features() const { return 9; }
  /// Feature names, in sample order.
  std::vector<std::string> feature_names() const {
    return {"salary", "commission", "age", "elevel", "car", "zipcode", "hvalue", "hyears", "loan"};
  }
  /// Number of classes (2).
  std::size_t n_classes() const { return 2; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  template <class Archive>
  void serialize(Archive& ar, std::uint32_t version) {
    if (version > class_version) throw CheckpointError("Agrawal: checkpoint from a newer version");
    ar(params_, rng_, next_class_should_be_zero_, function_);
    params_.validate();
    if (function_ < 0 || function_ > 9) {
      throw CheckpointError("Agrawal: classification function out of range in checkpoint");
    }
  }

  friend bool operator==(const Agrawal&, const Agrawal&) = default;

 private:
  double perturb(double value, double min, double max, double range) {
    value += range * (2.0 * (rng_.random() - 0.5)) * params_.perturbation;
    if (value < min) return min;
    if (value > max) return max;
    return value;
  }

  static int classify(std::int64_t function, double salary, double commission, double age,
                      double elevel, double hvalue, double hyears, double loan) {
    auto in = [](double lo, double v, double hi) { return lo <= v && v <= hi; };
    switch (function) {
      case 0:
        return age < 40 || 60 <= age;
      case 1:
        if (age < 40) return in(50000, salary, 100000);
        if (age < 60) return in(75000, salary, 125000);
        return in(25000, salary, 75000);
      case 2:
        if (age < 40) return elevel == 0 || elevel == 1;
        if (age < 60) return elevel == 1 || elevel == 2 || elevel == 3;
        return elevel == 2 || elevel == 3 || elevel == 4;
      case 3:
        if (age < 40) {
          return (elevel == 0 || elevel == 1) ? in(25000, salary, 75000)
                                              : in(50000, salary, 100000);
        }
        if (age < 60) {
          return (elevel == 1 || elevel == 2 || elevel == 3) ? in(50000, salary, 100000)
                                                             : in(75000, salary, 125000);
        }
        return (elevel == 2 || elevel == 3 || elevel == 4) ? in(50000, salary, 100000)
                                                           : in(25000, salary, 75000);
      case 4:
        // River's function 4 as written: some branches test salary where loan is meant.
        if (age < 40) {
          return in(50000, salary, 100000) ? in(100000, loan, 300000) : in(200000, salary, 400000);
        }
        if (age < 60) {
          return in(75000, salary, 125000) ? (200000 <= salary && loan <= 400000)
                                           : in(300000, salary, 500000);
        }
        return in(25000, salary, 75000) ? in(300000, loan, 500000) : in(75000, loan, 300000);
      case 5: {
        const double total = salary + commission;
        if (age < 40) return in(50000, total, 100000);
        if (age < 60) return in(75000, total, 125000);
        return in(25000, total, 75000);
      }
      case 6: {
        const double disposable = 2.0 * (salary + commission) / 3.0 - loan / 5.0 - 20000.0;
        return disposable > 1 ? 0 : 1;
      }
      case 7: {
        const double disposable = 2.0 * (salary + commission) / 3.0 - 5000.0 * elevel - 20000.0;
        return disposable > 1 ? 0 : 1;
      }
      case 8: {
        const double disposable =
            2.0 * (salary + commission) / 3.0 - 5000.0 * elevel - loan / 5.0 - 10000.0;
        return disposable > 1 ? 0 : 1;
      }
      default: {
        double equity = 0.0;
        if (hyears >= 20) equity = hvalue * (hyears - 20.0) / 10.0;
        const double disposable =
            2.0 * (salary + commission) / 3.0 - 5000.0 * elevel + equity / 5.0 - 10000.0;
        return disposable > 1 ? 0 : 1;
      }
    }
  }

  Params params_;
  detail::PyRng rng_;
  bool next_class_should_be_zero_ = false;
  std::int64_t function_ = 0;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::Agrawal, streamwise::datasets::Agrawal::class_version)
