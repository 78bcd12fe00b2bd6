#pragma once
/// @file
/// The per-event core of `streamwise learn` and `eval`, with no broker: decode -> predict ->
/// prediction record -> learn (inline label) -> progressive metric -> drift detector on the
/// error. It owns everything a checkpoint must hold (model, feature space, label encoder,
/// metric, detector, counters and the next offset of every source partition), so the Kafka loop
/// around it only moves bytes.

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "decoder.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/labels.hpp"
#include "streamwise/drift/adwin.hpp"
#include "streamwise/metrics/accuracy.hpp"
#include "streamwise/metrics/mae.hpp"
#include "streamwise/metrics/rmse.hpp"
#include "streamwise/registry/registry.hpp"

namespace streamwise::kafka {

/// Next offset to consume, by topic then partition.
using OffsetMap = std::map<std::string, std::map<std::int32_t, std::int64_t>, std::less<>>;

/// Where a message came from.
struct Source {
  std::string_view topic;      ///< Source topic ("" for a file).
  std::int32_t partition = 0;  ///< Source partition.
  std::int64_t offset = 0;     ///< Offset (line number for a file).
};

/// Totals kept in the checkpoint.
struct Counters {
  std::uint64_t events = 0;          ///< Messages consumed (valid or not).
  std::uint64_t predicted = 0;       ///< Prediction records produced.
  std::uint64_t learned = 0;         ///< Samples learnt.
  std::uint64_t unlabelled = 0;      ///< Valid events without a label.
  std::uint64_t dead_letters = 0;    ///< Messages sent to the dead-letter topic.
  std::uint64_t drifts = 0;          ///< Drifts flagged by the detector.
  std::uint64_t labels = 0;          ///< Label messages consumed (labels topic).
  std::uint64_t evicted = 0;         ///< Events dropped unlearnt from the pending buffer.
  std::uint64_t evicted_labels = 0;  ///< Labels dropped while waiting for their event.

  template <class Archive>
  void serialize(Archive& ar) {
    ar(events, predicted, learned, unlabelled, dead_letters, drifts, labels, evicted,
       evicted_labels);
  }
  friend bool operator==(const Counters&, const Counters&) = default;
};

/// Late labels: a labels topic joined to events by key.
struct LabelJoinOptions {
  std::string topic;                 ///< Labels topic ("": labels are inline).
  std::string field = "class";       ///< JSON field of a label message ("": the whole value).
  std::size_t max_pending = 100000;  ///< Bound on waiting events, and on waiting labels.
  std::uint64_t max_age_events = 0;  ///< Evict an event unlabelled after this many more (0: off).
};

/// An event waiting for its label (or for older events to get theirs: samples are learnt in
/// event order, so late labels give the same model as inline ones when nothing is evicted).
struct PendingEvent {
  std::uint64_t seq = 0;   ///< Arrival number.
  std::string key;         ///< Join key.
  std::vector<double> x;   ///< Features.
  bool valid = false;      ///< Whether a prediction was made.
  ClassId y_pred = 0;      ///< That prediction (scored when the label comes).
  bool has_label = false;  ///< Whether the label has arrived.
  std::string label;       ///< The label (regression: the target, shortest round-trip text).
  double y_value = 0.0;    ///< Regression: the prediction made on arrival (checkpointed apart).

  template <class Archive>
  void serialize(Archive& ar) {
    ar(seq, key, x, valid, y_pred, has_label, label);
  }
};

/// Settings of the learner core.
struct LearnerOptions {
  LabelJoinOptions labels;           ///< Late labels (off by default).
  bool per_key = false;              ///< One model per record key (built fresh from the spec).
  DecoderOptions decoder;            ///< Value layout.
  std::vector<std::string> classes;  ///< Labels interned first, in this order (ids 0, 1, ...).
  bool probabilities = true;         ///< Put class probabilities in prediction records.
  drift::ADWIN::Params drift{};      ///< Detector on the 0/1 error.
};

/// The progressive scores of a learner (or of several, combined).
struct Scores {
  bool regression = false;  ///< Regression: `mae` and `rmse`; classification: `accuracy`.
  double accuracy = 0.0;    ///< Progressive accuracy (classifiers).
  double mae = 0.0;         ///< Progressive mean absolute error (regressors).
  double rmse = 0.0;        ///< Progressive root mean squared error (regressors).
};

/// Appends `"accuracy":a` or `"mae":m,"rmse":r` (JSON members, no braces).
void append_scores(std::string& out, const Scores& s);

/// A JSON metrics record (totals, scores, events/s and lag given by the caller).
std::string metrics_record(const Counters& c, const Scores& scores, double events_per_second,
                           std::int64_t lag);

/// Whether a model spec (JSON) ends in a regressor (then the learner regresses: numeric labels,
/// value predictions, MAE/RMSE, the detector on the absolute error). Throws
/// `std::invalid_argument` for a malformed spec.
bool is_regressor_spec(std::string_view spec_json);

/// What happened to one message.
struct Outcome {
  bool dead_letter = false;  ///< Invalid: send to the dead-letter topic with `reason`.
  std::string reason;        ///< Why it is invalid.
  bool predicted = false;    ///< A prediction record was written to `Learner::prediction()`.
  bool drift = false;        ///< The detector flagged a drift on this event.
};

/// The per-event core (see the file comment). Not thread-safe.
///
/// A spec that ends in a regressor makes it a regressor's loop: labels are numbers (a dead
/// letter otherwise), prediction records carry the value, the scores are River's MAE and RMSE,
/// and the detector watches the absolute error.
class Learner {
 public:
  /// A fresh learner with `model` (built from `spec_json` by the registry).
  Learner(LearnerOptions options, std::string spec_json);

  /// Decodes and processes one message value (`key` is the message key, may be empty).
  Outcome process(std::string_view value, std::string_view key, const Source& source);

  /// Processes one message of the labels topic (`key` joins it to its event).
  Outcome process_label(std::string_view value, std::string_view key);
  /// Events waiting for a label.
  std::size_t pending() const { return pending_.size(); }

  /// The JSON prediction record of the last event that has `Outcome::predicted`.
  const std::string& prediction() const { return record_; }
  /// A JSON drift alert for the last event (call when `Outcome::drift`).
  std::string alert_json(const Source& source) const;
  /// A JSON metrics record (totals, accuracy, events/s given by the caller).
  std::string metrics_json(double events_per_second, std::int64_t lag) const;

  /// Next offset to consume for a partition, if this learner has consumed from it.
  std::optional<std::int64_t> next_offset(const std::string& topic, std::int32_t partition) const;
  /// Records that `source` is done (its next offset is `source.offset + 1`).
  void mark_done(const Source& source);
  /// Whether `source` is new to this learner (not covered by its offsets: at or past the next
  /// offset of its partition, or from a partition it has not consumed).
  bool accepts(const Source& source) {
    const std::int64_t* slot = offset_slot(source);
    return slot == nullptr || source.offset >= *slot;
  }
  /// Next offsets, by topic then partition.
  const OffsetMap& offsets() const { return offsets_; }

  /// Progressive accuracy so far (classifiers).
  double accuracy() const { return accuracy_.get(); }
  /// Whether the model is a regressor.
  bool regression() const { return regression_; }
  /// Progressive MAE so far (regressors).
  double mae() const { return mae_.get(); }
  /// Progressive RMSE so far (regressors).
  double rmse() const { return rmse_.get(); }
  /// The scores of this learner (accuracy, or MAE and RMSE).
  Scores scores() const { return {regression_, accuracy_.get(), mae_.get(), rmse_.get()}; }
  /// Totals.
  const Counters& counters() const { return counters_; }
  /// The model (in per-key mode: the untrained prototype every key's model starts from); empty
  /// for a regressor (see `regressor()`).
  const registry::ClassifierPipeline& model() const { return model_; }
  /// The regressor (`regression()`; empty otherwise).
  const registry::RegressorPipeline& regressor() const { return reg_model_; }
  /// Per-key mode with a regressor: the model of each key seen.
  const std::map<std::string, registry::RegressorPipeline, std::less<>>& key_regressors() const {
    return reg_key_models_;
  }
  /// Per-key mode: the model of each key seen.
  const std::map<std::string, registry::ClassifierPipeline, std::less<>>& key_models() const {
    return key_models_;
  }
  /// The model spec (JSON).
  const std::string& spec_json() const { return spec_json_; }
  /// Feature names and nominal values seen.
  const FeatureSpace& space() const { return *space_; }
  /// Labels seen.
  const LabelEncoder<std::string>& labels() const { return labels_; }

  /// Checkpoint bytes (header with the model spec, then the whole state).
  std::string to_checkpoint() const;
  /// Writes a checkpoint atomically (temp file, fsync, rename).
  void save(const std::filesystem::path& path) const;
  /// Restores a learner from a checkpoint file; throws `CheckpointError`.
  static Learner load(const std::filesystem::path& path, LearnerOptions options);
  /// Restores a learner from checkpoint bytes (as `to_checkpoint` writes them); throws
  /// `CheckpointError` when they are not an intact learner checkpoint.
  static Learner from_checkpoint(std::string_view bytes, LearnerOptions options);
  /// CRC-32C of the model's serialized state: equal digests mean equal models.
  std::uint32_t model_digest() const;

  /// Most probable class of a decoded row (for probes); nullopt before any class is known. For a
  /// regressor: the predicted value (shortest round-trip text).
  std::optional<std::string> predict_label(const std::vector<double>& x) const;
  /// Class probabilities of a row, by label.
  std::vector<std::pair<std::string, double>> predict_proba(const std::vector<double>& x) const;
  /// The decoder (probe files use it).
  Decoder& decoder() { return decoder_; }

 private:
  Learner(LearnerOptions options, std::string spec_json, bool regression);
  std::string label_text(ClassId id) const;
  bool learn_sample(std::string_view key, DenseView x, const std::string& label, bool valid,
                    ClassId y_pred, Outcome& out);
  bool learn_target(std::string_view key, DenseView x, double y, double y_pred, Outcome& out);
  bool learn_pending(PendingEvent& p, Outcome& out);
  // The label id of each class id of one model, in the order the model was taught them. Labels
  // are interned learner-wide (`input.classes` first), but a model that grows its classes takes
  // them as consecutive ids from 0 in its own order of first sight (River's models take any
  // label); a model with fixed classes (LogisticRegression's two) starts with its ids as label
  // ids, so `input.classes` still names its positive class.
  using ModelClasses = std::vector<ClassId>;
  struct ModelRef {
    registry::ClassifierPipeline& model;
    ModelClasses& classes;
  };
  ModelRef model_for(std::string_view key);
  static ModelClasses fixed_classes(const registry::ClassifierPipeline& model);
  // Throws CheckpointError unless every model's class map fits it and the labels.
  void check_classes() const;
  static ClassId label_of(const ModelClasses& classes, ClassId model_class) {
    return model_class < classes.size() ? classes[model_class] : model_class;
  }
  registry::RegressorPipeline& regressor_for(std::string_view key);
  void write_value_record(std::string_view key, const Source& source, double y_pred);
  void enqueue(PendingEvent&& p, Outcome& out);
  void drain(Outcome& out);
  void enforce_bounds(Outcome& out);
  void rebuild_indexes();
  std::int64_t* offset_slot(const Source& source);
  void write_record(std::string_view key, const Source& source, bool valid, ClassId y_pred,
                    const ModelClasses& classes);
  // Appends label `id` to `record_` as a JSON string.
  void append_label_json(ClassId id);

  LearnerOptions options_;
  std::string spec_json_;
  bool regression_ = false;
  registry::ClassifierPipeline model_;
  registry::RegressorPipeline reg_model_;  // regression_ (then model_ is empty)
  metrics::MAE mae_;
  metrics::RMSE rmse_;
  std::map<std::string, registry::RegressorPipeline, std::less<>> reg_key_models_;
  std::unique_ptr<FeatureSpace> space_;  // stable address: the decoder and model point to it
  LabelEncoder<std::string> labels_;
  metrics::Accuracy accuracy_;
  drift::ADWIN detector_;
  Counters counters_;
  OffsetMap offsets_;
  // The offset entry of the last partition looked up (map nodes do not move).
  std::int64_t* slot_ = nullptr;
  std::string slot_topic_;
  std::int32_t slot_partition_ = -1;
  ModelClasses classes_;                                                         // model_'s classes
  std::map<std::string, registry::ClassifierPipeline, std::less<>> key_models_;  // per_key mode
  std::map<std::string, ModelClasses, std::less<>> key_classes_;  // each key model's classes
  // Late labels (checkpointed: pending_, next_seq_, early_, next_early_id_).
  std::deque<PendingEvent> pending_;
  std::uint64_t next_seq_ = 0;
  std::map<std::uint64_t, std::pair<std::string, std::string>> early_;  // id -> (key, label)
  std::uint64_t next_early_id_ = 0;
  std::unordered_map<std::string, std::deque<std::uint64_t>> waiting_;      // key -> seqs
  std::unordered_map<std::string, std::deque<std::uint64_t>> early_index_;  // key -> ids
  simdjson::dom::parser label_parser_;
  std::string label_scratch_;
  // Scratch, reused between events.
  Decoder decoder_;
  DecodedEvent event_;
  mutable std::vector<double> proba_;
  std::string record_;
  std::vector<std::string> label_json_;  // each label as a JSON string (labels only grow)
};

}  // namespace streamwise::kafka
