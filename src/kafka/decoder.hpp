#pragma once
/// @file
/// Decodes one message value (a JSON object or a CSV line) into a dense row through a
/// `FeatureSpace`, plus its label and key. Errors are values: a reason string for the
/// dead-letter topic, never an exception, and the feature space is left unchanged on error.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "streamwise/core/features.hpp"

namespace streamwise::kafka {

/// How message values are laid out.
enum class Format { json, csv };

/// Decoder settings (the `[input]` section of learn.toml).
struct DecoderOptions {
  Format format = Format::json;
  /// Field holding the label; empty: no inline label.
  std::string label = "class";
  /// Field used as the record key when the message has none (JSON only); empty: none.
  std::string key;
  /// CSV column names, in order (required for CSV).
  std::vector<std::string> columns;
  /// Fields that are not features (besides the label and key).
  std::vector<std::string> ignore;
  /// Largest accepted value, in bytes.
  std::size_t max_bytes = 1u << 20;
  /// Whether a missing label is an error (inline labels) or an unlabelled event.
  bool require_label = true;
  /// Regression: the label is a number (a JSON number, or text that parses as one), kept in
  /// `DecodedEvent::target`; anything else is an invalid value.
  bool numeric_label = false;
};

/// One decoded event. Buffers are reused between events.
struct DecodedEvent {
  std::vector<double> x;   ///< One value per feature id (NaN = absent).
  std::string label;       ///< Label text ("1", "UP", "true"); empty with a numeric label.
  double target = 0.0;     ///< The label as a number (`DecoderOptions::numeric_label`).
  bool has_label = false;  ///< Whether the label field was present.
  std::string key;         ///< Key taken from the value (`DecoderOptions::key`).
  bool has_key = false;    ///< Whether `key` was found.
};

/// Turns message values into `DecodedEvent`s.
class Decoder {
 public:
  /// Uses `space` to intern feature names and nominal values (kept by pointer).
  Decoder(DecoderOptions options, FeatureSpace* space);

  /// Decodes `value` into `out`; returns the reason when the value is invalid (then the feature
  /// space is unchanged).
  std::optional<std::string> decode(std::string_view value, DecodedEvent& out);

  /// The options in use.
  const DecoderOptions& options() const { return options_; }

 private:
  struct Field {
    std::string_view name;
    enum class Type { number, string, missing } type;
    double number;
    std::string_view text;
  };

  std::optional<std::string> decode_json(std::string_view value, DecodedEvent& out);
  std::optional<std::string> decode_csv(std::string_view value, DecodedEvent& out);
  std::optional<std::string> commit_fields(DecodedEvent& out);
  bool is_ignored(std::string_view name) const;
  std::optional<FeatureId> known_id(std::size_t position, std::string_view name) const;
  static constexpr FeatureId no_id = static_cast<FeatureId>(-1);

  DecoderOptions options_;
  FeatureSpace* space_;
  simdjson::dom::parser parser_;
  simdjson::padded_string padded_;
  std::vector<Field> fields_;        // scratch
  std::vector<FeatureId> id_cache_;  // feature id of the field at each position, last message
  std::vector<FeatureId> ids_;       // scratch: feature id of each field of this message
  std::string scratch_;
};

/// Parses a regression target (the whole of `text` as a decimal number, as `std::from_chars`
/// reads it); nullopt when it is not one or not finite.
std::optional<double> parse_target(std::string_view text);

/// Label text of a JSON scalar: strings as is, integers in decimal, reals as Python's repr,
/// booleans as "true"/"false". Exposed for tests.
std::string json_label_text(simdjson::dom::element e);

}  // namespace streamwise::kafka
