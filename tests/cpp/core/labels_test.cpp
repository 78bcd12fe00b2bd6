#include <doctest/doctest.h>

#include <string>

#include "streamwise/core/labels.hpp"
#include "support/checkpoint.hpp"

using streamwise::LabelEncoder;

TEST_CASE("labels of any hashable type map to dense ids and back") {
  LabelEncoder<std::string> enc;
  CHECK(enc.encode("spam") == 0);
  CHECK(enc.encode("ham") == 1);
  CHECK(enc.encode("spam") == 0);
  CHECK(enc.decode(1) == "ham");
  CHECK(enc.find("eggs") == std::nullopt);
  CHECK(enc.size() == 2);

  LabelEncoder<bool> binary;
  CHECK(binary.encode(true) == 0);
  CHECK(binary.encode(false) == 1);
  CHECK(binary.decode(0) == true);
}

TEST_CASE("decoding an unknown id is a clear error") {
  LabelEncoder<int> enc;
  enc.encode(7);
  CHECK_THROWS_WITH_AS(enc.decode(3), "unknown class id 3", streamwise::InvalidInput);
}

TEST_CASE("label encoders round-trip and reject duplicated labels") {
  LabelEncoder<std::string> enc;
  enc.encode("a");
  enc.encode("b");
  std::string bytes;
  {
    streamwise::io::PayloadOutputArchive out(bytes);
    out(enc);
  }
  LabelEncoder<std::string> r;
  {
    streamwise::io::PayloadInputArchive in(streamwise::io::detail::as_bytes(bytes));
    in(r);
  }
  CHECK(r.find("b") == 1u);
  CHECK(r.labels() == enc.labels());

  std::string dup;
  {
    streamwise::io::PayloadOutputArchive out(dup);
    out(std::uint32_t{0}, std::vector<std::string>{"a", "a"});  // class version, then labels
  }
  LabelEncoder<std::string> bad;
  bad.encode("keep");
  streamwise::io::PayloadInputArchive in(streamwise::io::detail::as_bytes(dup));
  CHECK_THROWS_WITH_AS(in(bad), "LabelEncoder: duplicate label in checkpoint",
                       streamwise::CheckpointError);
  CHECK(bad.find("keep") == 0u);  // untouched
}
