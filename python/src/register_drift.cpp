/// @file
/// `streamwise.drift` and `streamwise.drift.binary`: River's drift detectors.

#include <string>

#include "estimator.hpp"
#include "registers.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/drift/binary/ddm.hpp"
#include "streamwise/drift/binary/eddm.hpp"
#include "streamwise/drift/binary/fhddm.hpp"
#include "streamwise/drift/binary/hddm_a.hpp"
#include "streamwise/drift/binary/hddm_w.hpp"
#include "streamwise/drift/kswin.hpp"
#include "streamwise/drift/page_hinkley.hpp"

namespace streamwise::python {

namespace {

std::string stream_example(const std::string& module, const std::string& ctor) {
  return ">>> import random\n"
         ">>> from streamwise import drift\n"
         ">>> rng = random.Random(12345)\n"
         ">>> detector = " +
         module + "." + ctor +
         "\n"
         ">>> stream = [rng.gauss(0, 1) for _ in range(1000)] + [rng.gauss(5, 1) for _ in "
         "range(1000)]\n"
         ">>> detected = []\n"
         ">>> for i, x in enumerate(stream):\n"
         "...     detector.update(x)\n"
         "...     if detector.drift_detected:\n"
         "...         detected.append(i)\n"
         ">>> any(i >= 1000 for i in detected)\n"
         "True\n";
}

/// `bits` is the stream fed to the detector: errors (1 = wrong) for most detectors, correct
/// predictions (1 = right) for FHDDM, whose drift is a drop in accuracy.
std::string binary_example(const std::string& ctor, const std::string& bits = "errors") {
  return std::string(
             ">>> import random\n"
             ">>> from streamwise import drift\n"
             ">>> rng = random.Random(42)\n"
             ">>> detector = drift.binary.") +
         ctor + "\n" +
         (bits == "errors" ? ">>> bits = [rng.random() < 0.05 for _ in range(1000)] + "
                             "[rng.random() < 0.8 for _ in "
                             "range(1000)]\n"
                           : ">>> bits = [rng.random() < 0.95 for _ in range(1000)] + "
                             "[rng.random() < 0.2 for _ in "
                             "range(1000)]\n") +
         ">>> detected = []\n"
         ">>> for i, b in enumerate(bits):\n"
         "...     detector.update(b)\n"
         "...     if detector.drift_detected:\n"
         "...         detected.append(i)\n"
         ">>> any(i >= 1000 for i in detected)\n"
         "True\n";
}

}  // namespace

void register_drift(py::module_ m) {
  const std::string mod = "streamwise.drift";
  register_estimator<drift::ADWIN>(
      m, mod,
      auto_doc<drift::ADWIN>(
          "ADaptive WINdowing drift detector (River's `drift.ADWIN`).\n\n`update(x)` feeds one "
          "value; `drift_detected` tells whether it triggered a drift. `update_many(values)` "
          "runs a whole array in C++ and returns the detection indices.",
          stream_example("drift", "ADWIN()")));
  register_estimator<drift::KSWIN>(
      m, mod,
      auto_doc<drift::KSWIN>("Kolmogorov-Smirnov windowing drift detector (River's `drift.KSWIN`).",
                             stream_example("drift", "KSWIN(seed=42)")));
  register_estimator<drift::PageHinkley>(
      m, mod,
      auto_doc<drift::PageHinkley>("Page-Hinkley drift detector (River's `drift.PageHinkley`).",
                                   stream_example("drift", "PageHinkley()")));

  py::module_ b = m.def_submodule("binary", "Drift detectors for binary (0/1) streams.");
  const std::string bmod = "streamwise.drift.binary";
  register_estimator<drift::binary::DDM>(
      b, bmod,
      auto_doc<drift::binary::DDM>("Drift Detection Method on a stream of 0/1 errors.",
                                   binary_example("DDM()")));
  register_estimator<drift::binary::EDDM>(
      b, bmod,
      auto_doc<drift::binary::EDDM>("Early Drift Detection Method on a stream of 0/1 errors.",
                                    binary_example("EDDM()")));
  register_estimator<drift::binary::FHDDM>(
      b, bmod,
      auto_doc<drift::binary::FHDDM>("Fast Hoeffding Drift Detection Method.",
                                     binary_example("FHDDM()", "correct")));
  register_estimator<drift::binary::HDDMA>(
      b, bmod,
      auto_doc<drift::binary::HDDMA>("Hoeffding drift detection on moving averages (HDDMA).",
                                     binary_example("HDDMA()")));
  register_estimator<drift::binary::HDDMW>(
      b, bmod,
      auto_doc<drift::binary::HDDMW>(
          "Hoeffding drift detection on weighted moving averages (HDDMW).",
          binary_example("HDDMW()")));
}

}  // namespace streamwise::python
