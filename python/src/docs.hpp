#pragma once
/// @file
/// numpydoc docstrings for the bindings: a summary, the parameters (from `Params::visit`, with
/// their defaults) and an example that runs as a doctest.

#include <deque>
#include <string>
#include <string_view>

namespace streamwise::python {

/// Keeps a docstring alive for the lifetime of the module and returns it.
inline const char* keep_doc(std::string text) {
  static std::deque<std::string> docs;
  docs.push_back(std::move(text));
  return docs.back().c_str();
}

/// A numpydoc docstring: `summary`, a Parameters section listing `params` (one "name: text" per
/// line, may be empty) and an Examples section with `example` (doctest lines).
inline const char* make_doc(std::string_view summary, std::string_view params,
                            std::string_view example) {
  std::string out(summary);
  out += "\n\n";
  if (!params.empty()) {
    out += "Parameters\n----------\n";
    out += params;
    if (out.back() != '\n') out += '\n';
    out += '\n';
  }
  out += "Examples\n--------\n";
  out += example;
  if (out.back() != '\n') out += '\n';
  return keep_doc(std::move(out));
}

}  // namespace streamwise::python
