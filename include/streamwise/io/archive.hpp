#pragma once
/// @file
/// The portable binary archives that checkpoint payloads are written with.
///
/// They plug into cereal (so every estimator's `serialize(Archive&, std::uint32_t version)` works
/// with them, class versions included) but differ from cereal's own binary archives in two ways
/// that matter for files we do not trust:
/// - the format is fixed: little-endian, fixed-width, whatever the host;
/// - loading is bounded: reading past the end, a container that claims more elements than bytes
///   remain, or a bool that is neither 0 nor 1 throws `CheckpointError` before any allocation.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>

#include <cereal/cereal.hpp>

#include "streamwise/core/errors.hpp"

namespace streamwise::io {

namespace detail {
inline void reverse_if_big_endian(unsigned char* data, std::size_t element_size,
                                  std::size_t count) {
  if constexpr (std::endian::native == std::endian::big) {
    for (std::size_t i = 0; i < count; ++i) {
      unsigned char* e = data + i * element_size;
      for (std::size_t a = 0, b = element_size - 1; a < b; ++a, --b) std::swap(e[a], e[b]);
    }
  } else {
    (void)data;
    (void)element_size;
    (void)count;
  }
}
}  // namespace detail

/// Writes a payload into a growing byte string.
class PayloadOutputArchive
    : public cereal::OutputArchive<PayloadOutputArchive, cereal::AllowEmptyClassElision> {
 public:
  /// Appends to `out`.
  explicit PayloadOutputArchive(std::string& out)
      : cereal::OutputArchive<PayloadOutputArchive, cereal::AllowEmptyClassElision>(this),
        out_(&out) {}

  /// Appends `count` elements of `element_size` bytes, little-endian.
  void save_elements(const void* data, std::size_t element_size, std::size_t count) {
    if (element_size * count == 0) return;  // data may be null for an empty container
    const std::size_t start = out_->size();
    out_->append(static_cast<const char*>(data), element_size * count);
    detail::reverse_if_big_endian(reinterpret_cast<unsigned char*>(out_->data() + start),
                                  element_size, count);
  }

 private:
  std::string* out_;
};

/// Reads a payload from a byte span, never past its end.
class PayloadInputArchive
    : public cereal::InputArchive<PayloadInputArchive, cereal::AllowEmptyClassElision> {
 public:
  /// Reads from `bytes`, which must outlive the archive.
  explicit PayloadInputArchive(std::span<const std::byte> bytes)
      : cereal::InputArchive<PayloadInputArchive, cereal::AllowEmptyClassElision>(this),
        bytes_(bytes) {}

  /// Reads `count` elements of `element_size` bytes into `data`.
  void load_elements(void* data, std::size_t element_size, std::size_t count) {
    const std::size_t wanted = element_size * count;
    if (count != 0 && wanted / count != element_size) overrun(SIZE_MAX);
    if (wanted > remaining()) overrun(wanted);
    if (wanted == 0) return;  // data may be null for an empty container
    std::memcpy(data, bytes_.data() + position_, wanted);
    position_ += wanted;
    detail::reverse_if_big_endian(static_cast<unsigned char*>(data), element_size, count);
  }

  /// Rejects a container length that cannot fit in the bytes that remain (every element takes
  /// at least one byte), so a damaged length never triggers a huge allocation.
  void check_container_size(std::uint64_t count) const {
    if (count > remaining()) {
      throw CheckpointError("checkpoint payload is damaged: a container claims " +
                            std::to_string(count) + " elements but only " +
                            std::to_string(remaining()) + " bytes remain");
    }
  }

  /// Bytes not yet read.
  std::size_t remaining() const { return bytes_.size() - position_; }

 private:
  [[noreturn]] void overrun(std::size_t wanted) const {
    throw CheckpointError("checkpoint payload is truncated: needed " + std::to_string(wanted) +
                          " bytes at offset " + std::to_string(position_) + ", " +
                          std::to_string(remaining()) + " remain");
  }

  std::span<const std::byte> bytes_;
  std::size_t position_ = 0;
};

/// Arithmetic values: fixed width, little-endian.
template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadOutputArchive& ar, const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    const std::uint8_t byte = value ? 1 : 0;
    ar.save_elements(&byte, 1, 1);
  } else {
    ar.save_elements(&value, sizeof(T), 1);
  }
}

/// Arithmetic values; a bool must be stored as exactly 0 or 1.
template <class T>
requires std::is_arithmetic_v<T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadInputArchive& ar, T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    std::uint8_t byte = 0;
    ar.load_elements(&byte, 1, 1);
    if (byte > 1) throw CheckpointError("checkpoint payload is damaged: invalid bool");
    value = byte == 1;
  } else {
    ar.load_elements(&value, sizeof(T), 1);
  }
}

/// Names are not stored: the layout is positional and versioned per class.
template <class Archive, class T>
requires std::is_same_v<Archive, PayloadOutputArchive> ||
    std::is_same_v<Archive, PayloadInputArchive>
void CEREAL_SERIALIZE_FUNCTION_NAME(Archive& ar, cereal::NameValuePair<T>& nvp) { ar(nvp.value); }

/// Container sizes are stored as uint64.
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadOutputArchive& ar, const cereal::SizeTag<T>& tag) {
  const auto size = static_cast<std::uint64_t>(tag.size);
  ar(size);
}

/// Container sizes are checked against the remaining bytes before anything is allocated.
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadInputArchive& ar, cereal::SizeTag<T>& tag) {
  std::uint64_t size = 0;
  ar(size);
  ar.check_container_size(size);
  tag.size = static_cast<std::remove_reference_t<T>>(size);
}

/// Contiguous arrays of arithmetic values.
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(PayloadOutputArchive& ar, const cereal::BinaryData<T>& data) {
  using Element = std::remove_cv_t<std::remove_pointer_t<T>>;
  constexpr std::size_t element_size = std::is_void_v<Element> ? 1 : sizeof(Element);
  ar.save_elements(data.data, element_size, static_cast<std::size_t>(data.size) / element_size);
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(PayloadInputArchive& ar, cereal::BinaryData<T>& data) {
  using Element = std::remove_cv_t<std::remove_pointer_t<T>>;
  constexpr std::size_t element_size = std::is_void_v<Element> ? 1 : sizeof(Element);
  if constexpr (std::is_same_v<Element, bool>) {
    auto* values = static_cast<bool*>(data.data);
    for (std::size_t i = 0; i < static_cast<std::size_t>(data.size); ++i) ar(values[i]);
  } else {
    ar.load_elements(data.data, element_size, static_cast<std::size_t>(data.size) / element_size);
  }
}

}  // namespace streamwise::io

CEREAL_REGISTER_ARCHIVE(streamwise::io::PayloadOutputArchive)
CEREAL_REGISTER_ARCHIVE(streamwise::io::PayloadInputArchive)
CEREAL_SETUP_ARCHIVE_TRAITS(streamwise::io::PayloadInputArchive,
                            streamwise::io::PayloadOutputArchive)
