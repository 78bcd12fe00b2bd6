#include "json_members.hpp"

#include <charconv>
#include <cstddef>

namespace streamwise::kafka {

namespace {

// A cursor over the message; every `take_*` returns false when the text is not of the simple
// shape at this point (the full parser then decides).
class Scanner {
 public:
  explicit Scanner(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool at_end() const { return p_ == end_; }
  bool take(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool peek(char c) const { return p_ != end_ && *p_ == c; }

  // A string of printable ASCII without escapes (the opening quote is next).
  bool take_plain_string(std::string_view& out) {
    if (!take('"')) return false;
    const char* start = p_;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
      ++p_;
    }
    return false;
  }

  bool take_word(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // A number in JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool take_number(JsonMember& m) {
    const char* start = p_;
    take('-');
    const char* int_start = p_;
    if (take('0')) {
      // no further integer digits after a leading zero
    } else if (p_ != end_ && *p_ >= '1' && *p_ <= '9') {
      skip_digits();
    } else {
      return false;
    }
    const std::size_t int_digits = static_cast<std::size_t>(p_ - int_start);
    bool integer = true;
    if (take('.')) {
      integer = false;
      if (!skip_digits()) return false;
    }
    if (peek('e') || peek('E')) {
      integer = false;
      ++p_;
      if (!take('+')) take('-');
      if (!skip_digits()) return false;
    }
    if (integer) {
      if (int_digits > 18) return false;  // may not fit int64: the full parser decides
      std::int64_t v = 0;
      if (std::from_chars(start, p_, v).ec != std::errc()) return false;
      m.kind = JsonKind::int64;
      m.int64 = v;
      m.number = static_cast<double>(v);
      return true;
    }
    double d = 0.0;
    const auto [ptr, ec] = std::from_chars(start, p_, d);
    if (ec != std::errc() || ptr != p_) return false;  // out of range: the full parser decides
    m.kind = JsonKind::real;
    m.number = d;
    return true;
  }

 private:
  bool skip_digits() {
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ != start;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool scan_flat_json_object(std::string_view text, std::vector<JsonMember>& out) {
  out.clear();
  Scanner s(text);
  s.skip_space();
  if (!s.take('{')) return false;
  s.skip_space();
  if (!s.take('}')) {
    while (true) {
      JsonMember m;
      if (!s.take_plain_string(m.name)) return false;
      s.skip_space();
      if (!s.take(':')) return false;
      s.skip_space();
      if (s.peek('"')) {
        if (!s.take_plain_string(m.text)) return false;
        m.kind = JsonKind::string;
      } else if (s.take_word("true")) {
        m.kind = JsonKind::boolean;
        m.number = 1.0;
      } else if (s.take_word("false")) {
        m.kind = JsonKind::boolean;
        m.number = 0.0;
      } else if (s.take_word("null")) {
        m.kind = JsonKind::null;
      } else if (!s.take_number(m)) {
        return false;
      }
      out.push_back(m);
      s.skip_space();
      if (s.take('}')) break;
      if (!s.take(',')) return false;
      s.skip_space();
    }
  }
  s.skip_space();
  return s.at_end();
}

}  // namespace streamwise::kafka
