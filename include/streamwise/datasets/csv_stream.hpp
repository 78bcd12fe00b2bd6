#pragma once
/// @file
/// A CSV file read as a stream of samples: numeric features, one target column.

#include <charconv>
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <cereal/cereal.hpp>
#include <cereal/types/string.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/features.hpp"
#include "streamwise/core/params.hpp"

namespace streamwise::datasets {

/// One row of a CSV file: the feature columns as numbers (in header order, the target left
/// out) and the target as it was written, plus its numeric value when it is a number.
struct CsvSample {
  std::vector<double> x;  ///< Feature values; an empty field is `missing_value` (NaN).
  std::string y;          ///< The target field's text (quotes and surrounding spaces removed).
  double y_value = 0.0;   ///< The target parsed as a number, or NaN when it is not one.

  /// The features as a dense view for `learn_one` / `predict_one`.
  DenseView view() const { return DenseView{x}; }
};

/// Reads a CSV file row by row. The first line is the header: it names the columns; the
/// column called `target` is the target and every other column is a numeric feature.
///
/// Choices (River's `stream.iter_csv` yields strings and leaves conversion to the caller; a
/// numeric learner needs numbers, so this reader is strict instead):
/// - feature fields are parsed with `std::from_chars` (leading/trailing spaces and one
///   leading `+` allowed, `nan`/`inf` accepted); anything else throws `InvalidInput` naming
///   the file, the 1-based line number, the column and the text. Nominal (string) features
///   are not supported: encode them before, or drop the column.
/// - an empty feature field is a missing value (NaN, streamwise's missing marker).
/// - the target is kept as text (`y`) and, when numeric, as a number (`y_value`).
/// - `\n` and `\r\n` line ends are accepted; blank lines are skipped, so a trailing newline is
///   harmless; a row with a different number of fields than the header throws.
/// - a field wrapped in double quotes has them removed; quoted delimiters or line breaks
///   inside a field are not supported.
///
/// ```cpp
/// using namespace streamwise::datasets;
/// CsvStream elec({.path = elec_path().string(), .target = "class"});
/// CsvSample s;
/// while (elec.next(s)) model.learn_one(s.view(), s.y == "1");
/// ```
class CsvStream {
 public:
  /// Where to read and what to predict.
  struct Params {
    std::string path;    ///< The CSV file.
    std::string target;  ///< Name of the target column.

    template <class V>
    void visit(V&& v) {
      v("path", path);
      v("target", target);
    }
    /// Throws `std::invalid_argument` for an empty path or target name.
    void validate() const {
      if (path.empty()) throw invalid_parameter("CsvStream", "path", "non-empty");
      if (target.empty()) throw invalid_parameter("CsvStream", "target", "non-empty");
    }
    friend bool operator==(const Params&, const Params&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(path, target);
    }
  };
  /// What `next` produces.
  using Sample = CsvSample;
  static constexpr std::string_view name = "CsvStream";
  static constexpr std::uint32_t class_version = 1;

  /// A stream with no file: `next` returns false. (Needed to restore from a checkpoint.)
  CsvStream() = default;
  /// Opens `params.path` and reads its header. Throws `std::invalid_argument` for bad
  /// parameters, `Error` when the file cannot be opened, and `InvalidInput` for an empty file
  /// or a header without the target column.
  explicit CsvStream(const Params& params) : params_(params) {
    params_.validate();
    open_and_read_header();
  }

  /// Copies reopen the file at the same row.
  CsvStream(const CsvStream& other)
      : params_(other.params_),
        feature_names_(other.feature_names_),
        target_index_(other.target_index_),
        n_columns_(other.n_columns_),
        header_end_(other.header_end_),
        offset_(other.offset_),
        line_(other.line_),
        exhausted_(other.exhausted_) {
    reopen_at_offset();
  }
  CsvStream& operator=(const CsvStream& other) {
    if (this != &other) {
      CsvStream copy(other);
      *this = std::move(copy);
    }
    return *this;
  }
  CsvStream(CsvStream&&) = default;
  CsvStream& operator=(CsvStream&&) = default;
  ~CsvStream() = default;

  /// Reads the next row into `out`; false at the end of the file (and for a default-
  /// constructed stream). Throws `InvalidInput` for a malformed row; the stream then stands
  /// after that row.
  bool next(Sample& out) {
    if (!file_.is_open() || exhausted_) return false;
    for (;;) {
      if (!std::getline(file_, line_buffer_)) {
        exhausted_ = true;
        return false;
      }
      offset_ += line_buffer_.size() + (file_.eof() ? 0 : 1);
      ++line_;
      if (!line_buffer_.empty() && line_buffer_.back() == '\r') line_buffer_.pop_back();
      if (line_buffer_.empty()) continue;
      parse_row(out);
      return true;
    }
  }

  /// Restarts at the first row.
  void reset() {
    if (params_.path.empty()) return;
    offset_ = header_end_;
    line_ = 1;
    exhausted_ = false;
    reopen_at_offset();
  }

  /// Number of features (columns other than the target).
  std::size_t n_features() const { return feature_names_.size(); }
  /// Feature names, in sample order (header order without the target).
  const std::vector<std::string>& feature_names() const { return feature_names_; }
  /// 1-based number of the last line read (1 = the header).
  std::uint64_t line() const { return line_; }

  /// Hyper-parameters.
  const Params& params() const { return params_; }

  /// cereal hook: the parameters and the position (byte offset and line); loading reopens the
  /// file, checks its header, and seeks back to that row.
  template <class Archive>
  void save(Archive& ar, std::uint32_t /*version*/) const {
    ar(params_, offset_, line_, exhausted_);
  }
  template <class Archive>
  void load(Archive& ar, std::uint32_t version) {
    if (version > class_version)
      throw CheckpointError("CsvStream: checkpoint from a newer version");
    CsvStream loaded;
    ar(loaded.params_, loaded.offset_, loaded.line_, loaded.exhausted_);
    const std::uint64_t offset = loaded.offset_, line = loaded.line_;
    const bool exhausted = loaded.exhausted_;
    loaded.params_.validate();
    loaded.open_and_read_header();
    if (offset < loaded.header_end_) throw CheckpointError("CsvStream: position before the header");
    loaded.offset_ = offset;
    loaded.line_ = line;
    loaded.exhausted_ = exhausted;
    loaded.reopen_at_offset();
    *this = std::move(loaded);
  }

  /// Same file, same columns, same position.
  friend bool operator==(const CsvStream& a, const CsvStream& b) {
    return a.params_ == b.params_ && a.feature_names_ == b.feature_names_ &&
           a.target_index_ == b.target_index_ && a.offset_ == b.offset_ && a.line_ == b.line_ &&
           a.exhausted_ == b.exhausted_;
  }

 private:
  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
  }

  static bool parse_number(std::string_view s, double& out) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return false;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
  }

  std::string where() const {
    return "CsvStream: '" + params_.path + "' line " + std::to_string(line_);
  }

  void open_and_read_header() {
    file_ = std::ifstream(params_.path, std::ios::binary);
    if (!file_.is_open()) throw Error("CsvStream: cannot open '" + params_.path + "'");
    std::string header;
    if (!std::getline(file_, header)) {
      throw InvalidInput("CsvStream: '" + params_.path + "' is empty (no header row)");
    }
    header_end_ = header.size() + (file_.eof() ? 0 : 1);
    if (!header.empty() && header.back() == '\r') header.pop_back();
    feature_names_.clear();
    std::vector<std::string> columns;
    std::string_view rest(header);
    for (;;) {
      const auto comma = rest.find(',');
      columns.emplace_back(trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    n_columns_ = columns.size();
    target_index_ = columns.size();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == params_.target && target_index_ == columns.size()) {
        target_index_ = i;
      } else {
        feature_names_.push_back(columns[i]);
      }
    }
    if (target_index_ == columns.size()) {
      std::string list;
      for (const auto& c : columns) list += (list.empty() ? "" : ", ") + c;
      throw InvalidInput("CsvStream: '" + params_.path + "' has no column '" + params_.target +
                         "' (columns: " + list + ")");
    }
    offset_ = header_end_;
    line_ = 1;
    exhausted_ = false;
  }

  void reopen_at_offset() {
    file_ = std::ifstream();
    if (params_.path.empty()) return;
    file_.open(params_.path, std::ios::binary);
    if (!file_.is_open()) throw Error("CsvStream: cannot open '" + params_.path + "'");
    file_.seekg(static_cast<std::streamoff>(offset_));
    if (!file_) throw Error("CsvStream: cannot seek in '" + params_.path + "'");
  }

  void parse_row(Sample& out) {
    out.x.resize(feature_names_.size());
    std::string_view rest(line_buffer_);
    std::size_t column = 0, feature = 0;
    bool more = true;
    while (more && column < n_columns_) {
      const auto comma = rest.find(',');
      const std::string_view field = trim(rest.substr(0, comma));
      more = comma != std::string_view::npos;
      if (more) rest.remove_prefix(comma + 1);
      if (column++ == target_index_) {
        out.y.assign(field);
        if (!parse_number(field, out.y_value)) {
          out.y_value = std::numeric_limits<double>::quiet_NaN();
        }
        continue;
      }
      double& value = out.x[feature++];
      if (field.empty()) {
        value = missing_value;
      } else if (!parse_number(field, value)) {
        throw InvalidInput(where() + ", column '" + feature_names_[feature - 1] + "': '" +
                           std::string(field) + "' is not a number");
      }
    }
    if (more || column != n_columns_) {
      std::size_t fields = 1;
      for (char c : line_buffer_) fields += c == ',' ? 1 : 0;
      throw InvalidInput(where() + ": " + std::to_string(fields) + " fields, the header has " +
                         std::to_string(n_columns_));
    }
  }

  Params params_;
  std::vector<std::string> feature_names_;
  std::size_t target_index_ = 0;
  std::size_t n_columns_ = 0;
  std::uint64_t header_end_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t line_ = 0;
  bool exhausted_ = false;
  std::ifstream file_;
  std::string line_buffer_;
};

}  // namespace streamwise::datasets

CEREAL_CLASS_VERSION(streamwise::datasets::CsvStream,
                     streamwise::datasets::CsvStream::class_version)
