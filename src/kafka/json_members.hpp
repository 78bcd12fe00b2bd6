#pragma once
/// @file
/// The members of a JSON object message as the decoder consumes them, and a fast scanner for
/// the common shape of such messages: one flat object of plain ASCII names and scalar values.

#include <cstdint>
#include <string_view>
#include <vector>

namespace streamwise::kafka {

/// What a member's value is, in simdjson's DOM terms (integers that fit `std::int64_t` are
/// `int64`; larger non-negative ones `uint64`; any other number `real`).
enum class JsonKind { int64, uint64, real, string, boolean, null, list, object };

/// One member of a JSON object. Views point into the message or the parser's buffers and are
/// valid until the next message is decoded.
struct JsonMember {
  std::string_view name;           ///< Member name (unescaped).
  JsonKind kind = JsonKind::null;  ///< Kind of its value.
  double number = 0.0;             ///< `int64`/`uint64`/`real` as a double; booleans 1 or 0.
  std::int64_t int64 = 0;          ///< The value of an `int64`.
  std::uint64_t uint64 = 0;        ///< The value of a `uint64`.
  std::string_view text;           ///< The value of a `string` (unescaped).
};

/// Scans `text` as one JSON object whose names and string values are printable ASCII without
/// escapes and whose values are numbers, strings, `true`, `false` or `null`, appending its
/// members to `out` (cleared first) with the values simdjson's DOM parser gives (integers of at
/// most 18 digits; reals correctly rounded, as `std::from_chars` reads them). Returns false when
/// `text` has any other shape: escapes, non-ASCII bytes, nested values, longer integers, reals
/// out of range, or anything that is not valid JSON. The caller then parses it fully, and that
/// parser decides (and words the error): the scanner never rejects a value on its own.
bool scan_flat_json_object(std::string_view text, std::vector<JsonMember>& out);

}  // namespace streamwise::kafka
