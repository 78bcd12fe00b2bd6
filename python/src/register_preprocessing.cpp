/// @file
/// `streamwise.preprocessing`: River's feature transformers.

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/preprocessing/binarizer.hpp"
#include "streamwise/preprocessing/feature_hasher.hpp"
#include "streamwise/preprocessing/max_abs_scaler.hpp"
#include "streamwise/preprocessing/min_max_scaler.hpp"
#include "streamwise/preprocessing/normalizer.hpp"
#include "streamwise/preprocessing/one_hot_encoder.hpp"
#include "streamwise/preprocessing/ordinal_encoder.hpp"
#include "streamwise/preprocessing/robust_scaler.hpp"
#include "streamwise/preprocessing/standard_scaler.hpp"

namespace streamwise::python {

namespace {

std::string scaler_example(const std::string& ctor) {
  return ">>> from streamwise import preprocessing\n"
         ">>> scaler = preprocessing." +
         ctor +
         "\n"
         ">>> for x in [{'a': 1.0, 'b': 10.0}, {'a': 3.0, 'b': 30.0}, {'a': 2.0, 'b': 20.0}]:\n"
         "...     scaler.learn_one(x)\n"
         ">>> sorted(scaler.transform_one({'a': 2.0, 'b': 20.0}))\n"
         "['a', 'b']\n";
}

}  // namespace

void register_preprocessing(py::module_ m) {
  const std::string mod = "streamwise.preprocessing";
  register_estimator<preprocessing::StandardScaler>(
      m, mod,
      auto_doc<preprocessing::StandardScaler>(
          "Scales every feature to zero mean and unit variance, with running statistics "
          "(River's `preprocessing.StandardScaler`).",
          ">>> from streamwise import preprocessing\n"
          ">>> scaler = preprocessing.StandardScaler()\n"
          ">>> for x in [{'x': 1.0}, {'x': 2.0}, {'x': 3.0}]:\n"
          "...     scaler.learn_one(x)\n"
          ">>> round(scaler.transform_one({'x': 3.0})['x'], 6)\n"
          "1.224745\n"
          ">>> import numpy as np\n"
          ">>> scaler.transform_many(np.array([[1.0], [3.0]])).shape\n"
          "(2, 1)\n"));
  register_estimator<preprocessing::MinMaxScaler>(
      m, mod,
      auto_doc<preprocessing::MinMaxScaler>("Scales every feature to [0, 1] with running min/max.",
                                            scaler_example("MinMaxScaler()")));
  register_estimator<preprocessing::MaxAbsScaler>(
      m, mod,
      auto_doc<preprocessing::MaxAbsScaler>("Scales every feature by its running maximum |x|.",
                                            scaler_example("MaxAbsScaler()")));
  register_estimator<preprocessing::RobustScaler>(
      m, mod,
      auto_doc<preprocessing::RobustScaler>(
          "Scales with the running median and interquartile range.",
          scaler_example("RobustScaler()")));
  register_estimator<preprocessing::Normalizer>(
      m, mod,
      auto_doc<preprocessing::Normalizer>("Scales each sample to unit norm.",
                                          scaler_example("Normalizer()")));
  register_estimator<preprocessing::Binarizer>(
      m, mod,
      auto_doc<preprocessing::Binarizer>("Maps each value to 1 above a threshold, else 0.",
                                         scaler_example("Binarizer()")));
  register_estimator<preprocessing::OneHotEncoder>(
      m, mod,
      auto_doc<preprocessing::OneHotEncoder>(
          "One-hot encodes features: one output per (feature, value) pair seen.",
          ">>> from streamwise import preprocessing\n"
          ">>> encoder = preprocessing.OneHotEncoder()\n"
          ">>> encoder.learn_one({'city': 'Paris'})\n"
          ">>> encoder.learn_one({'city': 'Lyon'})\n"
          ">>> encoder.transform_one({'city': 'Lyon'})\n"
          "{'city_Paris': 0.0, 'city_Lyon': 1.0}\n"));
  register_estimator<preprocessing::OrdinalEncoder>(
      m, mod,
      auto_doc<preprocessing::OrdinalEncoder>(
          "Maps each nominal value to an integer code, in order of first appearance.",
          ">>> from streamwise import preprocessing\n"
          ">>> encoder = preprocessing.OrdinalEncoder()\n"
          ">>> encoder.learn_one({'city': 'Paris'})\n"
          ">>> 'city' in encoder.transform_one({'city': 'Paris'})\n"
          "True\n"));
  register_estimator<preprocessing::FeatureHasher>(
      m, mod,
      auto_doc<preprocessing::FeatureHasher>(
          "Hashes feature names into a fixed number of outputs.",
          ">>> from streamwise import preprocessing\n"
          ">>> hasher = preprocessing.FeatureHasher(n_features=8, seed=42)\n"
          ">>> len(hasher.transform_one({'a': 1.0, 'b': 2.0})) <= 2\n"
          "True\n"));
}

}  // namespace streamwise::python
