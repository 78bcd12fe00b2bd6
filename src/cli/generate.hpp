#pragma once
// `streamwise generate`: a seeded synthetic stream as JSON lines, for demos, tests and `eval`.

#include <cstdint>
#include <ostream>
#include <string>

namespace streamwise::cli {

/// What `generate` writes.
struct GenerateOptions {
  /// agrawal-drift (River's ConceptDriftStream of Agrawal 0 -> 2), agrawal, sea, hyperplane,
  /// stagger, friedman (a regression stream: the label is a real number).
  std::string stream = "agrawal-drift";
  std::int64_t seed = 42;          ///< Seed of River's generator (the same rows as River's).
  std::int64_t n = 50'000;         ///< Number of rows.
  std::int64_t position = 25'000;  ///< agrawal-drift: centre of the drift.
  std::int64_t width = 1;          ///< agrawal-drift: width of the drift (1 = abrupt).
  std::string label = "class";     ///< Name of the label field.
  std::string key;                 ///< If set, a key field with the row number modulo 16.
};

/// Writes `options.n` rows of the stream to `out`, one JSON object per line (features by River's
/// names, then the label). Throws `std::invalid_argument` for an unknown stream or bad params.
void generate(const GenerateOptions& options, std::ostream& out);

}  // namespace streamwise::cli
