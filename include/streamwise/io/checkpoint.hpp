#pragma once
/// @file
/// Checkpoints: a self-describing header followed by a portable binary payload.
///
/// Layout (all integers little-endian):
/// | field            | type                     | bound                  |
/// |------------------|--------------------------|------------------------|
/// | magic            | 8 bytes "SWCKPT\r\n"     |                        |
/// | format_version   | uint32                   | == checkpoint_format   |
/// | library_version  | uint32 length + bytes    | <= 64 bytes            |
/// | model spec       | uint32 length + JSON     | <= 1 MiB               |
/// | payload_size     | uint64                   | <= options.max_payload |
/// | checksum         | uint32 CRC-32C           | of all above + payload |
/// | payload          | payload_size bytes       |                        |
///
/// Loading trusts nothing: every length is bounded before use, the checksum is verified
/// before the payload is parsed, and the payload is decoded into a fresh object that replaces
/// the destination only on success.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include <cereal/types/array.hpp>
#include <cereal/types/deque.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include "streamwise/core/errors.hpp"
#include "streamwise/core/params.hpp"
#include "streamwise/io/archive.hpp"
#include "streamwise/version.hpp"

namespace streamwise::io {

/// Version of the checkpoint container format (not of the classes inside it).
inline constexpr std::uint32_t checkpoint_format = 1;
/// The eight bytes every checkpoint starts with.
inline constexpr std::string_view checkpoint_magic{"SWCKPT\r\n", 8};
/// Upper bound on the library-version string in a header.
inline constexpr std::uint32_t max_library_version_bytes = 64;
/// Upper bound on the model-spec JSON in a header.
inline constexpr std::uint32_t max_spec_bytes = 1u << 20;

/// Limits applied when loading a checkpoint.
struct LoadOptions {
  /// Largest payload accepted, in bytes (default 1 GiB).
  std::uint64_t max_payload_bytes = std::uint64_t{1} << 30;
};

/// The decoded header of a checkpoint.
struct CheckpointHeader {
  std::uint32_t format_version = 0;  ///< Container format version.
  std::string library_version;       ///< Library that wrote the file.
  std::string spec;                  ///< Model spec as JSON: {"type":..., "params":{...}}.
  std::uint64_t payload_size = 0;    ///< Payload length in bytes.
  std::uint32_t checksum = 0;        ///< CRC-32C of header fields and payload.
  std::size_t payload_offset = 0;    ///< Where the payload starts in the buffer.
};

/// CRC-32C (Castagnoli), reflected, as used by iSCSI and Kafka record batches.
inline std::uint32_t crc32c(std::span<const std::byte> data, std::uint32_t crc = 0) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (std::byte b : data)
    crc = table[(crc ^ std::to_integer<std::uint32_t>(b)) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

namespace detail {

inline void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}
inline void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

class HeaderReader {
 public:
  explicit HeaderReader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  std::uint64_t get_uint(int width, const char* what) {
    need(static_cast<std::size_t>(width), what);
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      v |= std::to_integer<std::uint64_t>(bytes_[pos_ + static_cast<std::size_t>(i)]) << (8 * i);
    }
    pos_ += static_cast<std::size_t>(width);
    return v;
  }
  std::string get_string(std::uint32_t max_bytes, const char* what) {
    const auto length = static_cast<std::uint32_t>(get_uint(4, what));
    if (length > max_bytes) {
      throw CheckpointError(std::string("not a valid checkpoint: ") + what + " is " +
                            std::to_string(length) + " bytes, more than the limit of " +
                            std::to_string(max_bytes));
    }
    need(length, what);
    std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), length);
    pos_ += length;
    return s;
  }
  std::size_t position() const { return pos_; }

 private:
  void need(std::size_t n, const char* what) const {
    if (bytes_.size() - pos_ < n) {
      throw CheckpointError(std::string("checkpoint is truncated: the header ends inside ") + what);
    }
  }
  std::span<const std::byte> bytes_;
  std::size_t pos_ = 0;
};

inline std::span<const std::byte> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

}  // namespace detail

/// Serialises `payload_bytes` with a header for a model described by `spec_json`.
inline std::string wrap_payload(std::string_view spec_json, std::string_view payload_bytes) {
  std::string out;
  out.reserve(64 + spec_json.size() + payload_bytes.size());
  out.append(checkpoint_magic);
  detail::put_u32(out, checkpoint_format);
  const std::string_view lib = version_string;
  detail::put_u32(out, static_cast<std::uint32_t>(lib.size()));
  out.append(lib);
  if (spec_json.size() > max_spec_bytes) throw CheckpointError("model spec exceeds 1 MiB");
  detail::put_u32(out, static_cast<std::uint32_t>(spec_json.size()));
  out.append(spec_json);
  detail::put_u64(out, payload_bytes.size());
  std::uint32_t crc = crc32c(detail::as_bytes(out));
  crc = crc32c(detail::as_bytes(payload_bytes), crc);
  detail::put_u32(out, crc);
  out.append(payload_bytes);
  return out;
}

/// Parses and verifies a checkpoint's header and checksum; throws `CheckpointError` with the
/// reason when the bytes are not an intact checkpoint of this format.
inline CheckpointHeader read_header(std::span<const std::byte> bytes,
                                    const LoadOptions& options = {}) {
  if (bytes.size() < checkpoint_magic.size() ||
      std::string_view(reinterpret_cast<const char*>(bytes.data()), checkpoint_magic.size()) !=
          checkpoint_magic) {
    throw CheckpointError("not a streamwise checkpoint: bad magic bytes");
  }
  detail::HeaderReader reader(bytes.subspan(checkpoint_magic.size()));
  CheckpointHeader h;
  h.format_version = static_cast<std::uint32_t>(reader.get_uint(4, "the format version"));
  if (h.format_version != checkpoint_format) {
    throw CheckpointError("unsupported checkpoint format version " +
                          std::to_string(h.format_version) + " (this library reads version " +
                          std::to_string(checkpoint_format) + ")");
  }
  h.library_version = reader.get_string(max_library_version_bytes, "the library version");
  h.spec = reader.get_string(max_spec_bytes, "the model spec");
  h.payload_size = reader.get_uint(8, "the payload size");
  const std::size_t checksum_at = checkpoint_magic.size() + reader.position();
  h.checksum = static_cast<std::uint32_t>(reader.get_uint(4, "the checksum"));
  h.payload_offset = checkpoint_magic.size() + reader.position();
  if (h.payload_size > options.max_payload_bytes) {
    throw CheckpointError("checkpoint payload of " + std::to_string(h.payload_size) +
                          " bytes exceeds the limit of " +
                          std::to_string(options.max_payload_bytes));
  }
  const std::size_t available = bytes.size() - h.payload_offset;
  if (h.payload_size > available) {
    throw CheckpointError("checkpoint is truncated: payload should be " +
                          std::to_string(h.payload_size) + " bytes, " + std::to_string(available) +
                          " present");
  }
  if (h.payload_size < available) {
    throw CheckpointError("checkpoint is damaged: " + std::to_string(available - h.payload_size) +
                          " unexpected bytes after the payload");
  }
  std::uint32_t crc = crc32c(bytes.first(checksum_at));
  crc = crc32c(bytes.subspan(h.payload_offset), crc);
  if (crc != h.checksum) throw CheckpointError("checkpoint is damaged: checksum mismatch");
  return h;
}

/// The `"type"` of a spec written by `to_json` (the first string field).
inline std::string spec_type(std::string_view spec_json) {
  constexpr std::string_view key = "{\"type\":\"";
  if (spec_json.substr(0, key.size()) != key) return {};
  const auto end = spec_json.find('"', key.size());
  if (end == std::string_view::npos) return {};
  return std::string(spec_json.substr(key.size(), end - key.size()));
}

/// Serialises an estimator (anything with `name`, `params()` and `serialize`) to checkpoint bytes.
template <class T>
std::string to_checkpoint(const T& model) {
  std::string payload;
  {
    PayloadOutputArchive archive(payload);
    archive(model);
  }
  return wrap_payload(to_json(spec_of(model)), payload);
}

/// Restores an estimator of type `T` from checkpoint bytes. The file must hold a `T`; on any
/// error `CheckpointError` is thrown and nothing else happens.
template <class T>
T from_checkpoint(std::span<const std::byte> bytes, const LoadOptions& options = {}) {
  const CheckpointHeader header = read_header(bytes, options);
  const std::string type = spec_type(header.spec);
  if (type != T::name) {
    throw CheckpointError("checkpoint holds a " + (type.empty() ? std::string("<unknown>") : type) +
                          ", not a " + std::string(T::name));
  }
  T model{};
  try {
    PayloadInputArchive archive(bytes.subspan(header.payload_offset));
    archive(model);
    if (archive.remaining() != 0) {
      throw CheckpointError("checkpoint payload is damaged: " +
                            std::to_string(archive.remaining()) + " bytes left unread");
    }
  } catch (const CheckpointError&) {
    throw;
  } catch (const std::exception& e) {
    throw CheckpointError(std::string("checkpoint payload is damaged: ") + e.what());
  }
  return model;
}

/// Overload for bytes held in a string.
template <class T>
T from_checkpoint(std::string_view bytes, const LoadOptions& options = {}) {
  return from_checkpoint<T>(detail::as_bytes(bytes), options);
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory is written,
/// flushed to disk (fsync), renamed over `path`, and the directory is synced. A crash leaves
/// either the old file or the new one, never a mix. Throws `CheckpointError` on I/O failure.
/// Defined in the compiled `streamwise::io` library.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

/// Reads a whole file, refusing files larger than `max_bytes`. Throws `CheckpointError`.
/// Defined in the compiled `streamwise::io` library.
std::string read_file(const std::filesystem::path& path, std::uint64_t max_bytes);

/// Saves an estimator to a checkpoint file atomically (link `streamwise::io`).
template <class T>
void save(const T& model, const std::filesystem::path& path) {
  write_file_atomic(path, to_checkpoint(model));
}

/// Loads an estimator from a checkpoint file (link `streamwise::io`).
template <class T>
T load(const std::filesystem::path& path, const LoadOptions& options = {}) {
  const std::string bytes = read_file(path, options.max_payload_bytes + (2u << 20));
  return from_checkpoint<T>(std::string_view(bytes), options);
}

}  // namespace streamwise::io
