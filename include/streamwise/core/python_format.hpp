#pragma once
/// @file
/// Python's text for numbers, where streamwise must produce the very keys River users see
/// (`OneHotEncoder` names a numeric value `"b_1.0"` because River writes `f"{key}_{value}"`).

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace streamwise {

/// Python's `str(float)` (the same as `repr` since Python 3): the fewest significant digits that
/// read back to the same double, positional for decimal exponents in [-4, 16) and scientific
/// otherwise, always with a `.0` or an exponent so the text reads as a float.
///
/// ```cpp
/// streamwise::python_str(1.0);    // "1.0"
/// streamwise::python_str(0.1);    // "0.1"
/// streamwise::python_str(1e-7);   // "1e-07"
/// streamwise::python_str(1e16);   // "1e+16"
/// streamwise::python_str(-0.0);   // "-0.0"
/// streamwise::python_str(INFINITY);  // "inf"
/// ```
inline std::string python_str(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0.0) return std::signbit(v) ? "-0.0" : "0.0";

  // Shortest round-trip digits in scientific form, e.g. "-1.2345e-07".
  char sci[64];
  const auto res = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  std::string text(sci, res.ptr);
  const auto e_pos = text.find('e');
  const int exponent = std::atoi(text.c_str() + e_pos + 1);
  const bool negative = text[0] == '-';
  std::string digits;  // significant digits without sign or point
  for (std::size_t i = negative ? 1 : 0; i < e_pos; ++i) {
    if (text[i] != '.') digits += text[i];
  }

  std::string out = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    // Python: d[.ddd]e[+-]XX with at least two exponent digits.
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1);
    }
    const int a = exponent < 0 ? -exponent : exponent;
    out += exponent < 0 ? "e-" : "e+";
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
  }
  const int n = static_cast<int>(digits.size());
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out += digits;
  } else if (exponent + 1 >= n) {
    out += digits;
    out.append(static_cast<std::size_t>(exponent + 1 - n), '0');
    out += ".0";
  } else {
    out.append(digits, 0, static_cast<std::size_t>(exponent + 1));
    out += '.';
    out.append(digits, static_cast<std::size_t>(exponent + 1));
  }
  return out;
}

}  // namespace streamwise
