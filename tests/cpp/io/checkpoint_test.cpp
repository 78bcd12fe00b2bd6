#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "streamwise/io/checkpoint.hpp"
#include "streamwise/stats/mean.hpp"
#include "support/checkpoint.hpp"

namespace io = streamwise::io;
using streamwise::CheckpointError;
using streamwise::stats::Mean;

namespace {

Mean trained_mean() {
  Mean m;
  for (double x : {1.0, 2.0, 4.0, 8.0}) m.update(x);
  return m;
}

// Re-computes the checksum after a deliberate edit, to reach the checks behind it.
void reseal(std::string& bytes) {
  const auto header =
      io::read_header(io::detail::as_bytes(bytes), {});  // may throw: only call on intact
  (void)header;
}

std::string with_valid_checksum(std::string bytes) {
  // Locate the checksum field: magic(8) + format(4) + lib(4+n) + spec(4+m) + size(8).
  std::size_t pos = 8 + 4;
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= std::uint32_t(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
  };
  pos += 4 + u32(pos);
  pos += 4 + u32(pos);
  pos += 8;
  const std::string_view all(bytes);
  std::uint32_t crc = io::crc32c(io::detail::as_bytes(all.substr(0, pos)));
  crc = io::crc32c(io::detail::as_bytes(all.substr(pos + 4)), crc);
  for (int i = 0; i < 4; ++i) bytes[pos + i] = static_cast<char>((crc >> (8 * i)) & 0xFF);
  return bytes;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("streamwise-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

// A different estimator class, to check that a checkpoint is loaded only as its own type.
struct Other {
  using Params = streamwise::NoParams;
  static constexpr std::string_view name = "ADWIN";
  const Params& params() const { return p; }
  Params p;
  template <class A>
  void serialize(A& ar, std::uint32_t) {
    ar(x);
  }
  double x = 1.0;
};

// An estimator with a container, to damage its length field.
struct WithVector {
  using Params = streamwise::NoParams;
  static constexpr std::string_view name = "WithVector";
  const Params& params() const { return p; }
  Params p;
  std::vector<double> values{1.0, 2.0};
  template <class A>
  void serialize(A& ar, std::uint32_t) {
    ar(values);
  }
};

}  // namespace

TEST_CASE("CRC-32C matches the standard check value") {
  const std::string_view check = "123456789";
  CHECK(io::crc32c(io::detail::as_bytes(check)) == 0xE3069283u);
}

TEST_CASE("header carries magic, versions, spec and payload size") {
  const std::string bytes = io::to_checkpoint(trained_mean());
  CHECK(bytes.substr(0, 8) == "SWCKPT\r\n");
  const auto h = io::read_header(io::detail::as_bytes(bytes));
  CHECK(h.format_version == io::checkpoint_format);
  CHECK(h.library_version == streamwise::version_string);
  CHECK(h.spec == R"({"type":"Mean","params":{}})");
  CHECK(h.payload_offset + h.payload_size == bytes.size());
  reseal(const_cast<std::string&>(bytes));
}

TEST_CASE("foreign files are rejected by their magic") {
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view("PK\x03\x04 a zip file")),
                       "not a streamwise checkpoint: bad magic bytes", CheckpointError);
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view("")),
                       "not a streamwise checkpoint: bad magic bytes", CheckpointError);
}

TEST_CASE("every truncation gives a clear error, never a crash") {
  const std::string bytes = io::to_checkpoint(trained_mean());
  for (std::size_t len = 0; len < bytes.size(); ++len) {
    CHECK_THROWS_AS(io::from_checkpoint<Mean>(std::string_view(bytes).substr(0, len)),
                    CheckpointError);
  }
  CHECK_THROWS_WITH_AS(
      io::from_checkpoint<Mean>(std::string_view(bytes).substr(0, bytes.size() - 1)),
      "checkpoint is truncated: payload should be 20 bytes, 19 present",
      CheckpointError);  // 4-byte class version + two doubles
}

TEST_CASE("any flipped bit is caught by the checksum") {
  const std::string bytes = io::to_checkpoint(trained_mean());
  const auto h = io::read_header(io::detail::as_bytes(bytes));
  for (std::size_t i = h.payload_offset; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x10);
    CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(damaged)),
                         "checkpoint is damaged: checksum mismatch", CheckpointError);
  }
}

TEST_CASE("trailing garbage is rejected") {
  const std::string bytes = io::to_checkpoint(trained_mean()) + "xx";
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(bytes)),
                       "checkpoint is damaged: 2 unexpected bytes after the payload",
                       CheckpointError);
}

TEST_CASE("oversized payloads are refused before reading them") {
  const std::string bytes = io::to_checkpoint(trained_mean());
  io::LoadOptions tight;
  tight.max_payload_bytes = 8;
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(bytes), tight),
                       "checkpoint payload of 20 bytes exceeds the limit of 8", CheckpointError);
}

TEST_CASE("a header length field claiming gigabytes is refused") {
  std::string bytes = io::to_checkpoint(trained_mean());
  // Spec length field sits after magic, format and the library-version string.
  const std::size_t spec_len_at = 8 + 4 + 4 + std::strlen(streamwise::version_string);
  bytes[spec_len_at + 3] = '\x7f';
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(bytes)),
                       doctest::Contains("the model spec is"), CheckpointError);
}

TEST_CASE("a checkpoint of another class is refused by name") {
  const std::string bytes = io::to_checkpoint(Other{});
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(bytes)),
                       "checkpoint holds a ADWIN, not a Mean", CheckpointError);
}

TEST_CASE("a newer format version or class version is refused") {
  std::string bytes = io::to_checkpoint(trained_mean());
  bytes[8] = 2;  // format version
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(bytes)),
                       "unsupported checkpoint format version 2 (this library reads version 1)",
                       CheckpointError);

  std::string newer = io::to_checkpoint(trained_mean());
  const auto h = io::read_header(io::detail::as_bytes(newer));
  newer[h.payload_offset] = 9;  // the class version cereal stores before Mean's fields
  newer = with_valid_checksum(newer);
  CHECK_THROWS_WITH_AS(io::from_checkpoint<Mean>(std::string_view(newer)),
                       "Mean: checkpoint from a newer version", CheckpointError);
}

TEST_CASE("a payload with a valid checksum but a huge container length does not allocate") {
  std::string bytes = io::to_checkpoint(WithVector{});
  const auto h = io::read_header(io::detail::as_bytes(bytes));
  // Payload: class version (4 bytes), then the vector length (8 bytes).
  for (int i = 0; i < 8; ++i) bytes[h.payload_offset + 4 + i] = '\xff';
  bytes = with_valid_checksum(bytes);
  CHECK_THROWS_WITH_AS(io::from_checkpoint<WithVector>(std::string_view(bytes)),
                       doctest::Contains("a container claims 18446744073709551615 elements"),
                       CheckpointError);
}

TEST_CASE("files are written atomically and read back with bounds") {
  TempDir dir;
  const auto path = dir.path / "mean.swc";
  const Mean m = trained_mean();
  io::save(m, path);
  CHECK(io::load<Mean>(path) == m);
  // No temporary files are left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);
  // Overwriting replaces the content whole.
  Mean m2 = m;
  m2.update(100.0);
  io::save(m2, path);
  CHECK(io::load<Mean>(path) == m2);

  CHECK_THROWS_WITH_AS(io::read_file(path, 10), doctest::Contains("more than the limit of 10"),
                       CheckpointError);
  CHECK_THROWS_WITH_AS(io::load<Mean>(dir.path / "missing.swc"),
                       doctest::Contains("cannot open checkpoint"), CheckpointError);
  CHECK_THROWS_WITH_AS(io::load<Mean>(dir.path), doctest::Contains("is not a regular file"),
                       CheckpointError);
  CHECK_THROWS_WITH_AS(io::save(m, dir.path / "no-such-dir" / "x.swc"),
                       doctest::Contains("cannot create"), CheckpointError);
}

TEST_CASE("a failed load leaves the destination untouched") {
  Mean keep;
  keep.update(3.0);
  const Mean before = keep;
  const std::string bytes = io::to_checkpoint(trained_mean());
  try {
    keep = io::from_checkpoint<Mean>(std::string_view(bytes).substr(0, 20));
  } catch (const CheckpointError&) {
  }
  CHECK(keep == before);
}
