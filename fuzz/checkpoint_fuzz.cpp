// libFuzzer target: loading arbitrary bytes as a checkpoint must either succeed or throw
// CheckpointError — never crash, hang, leak or allocate without bound.
#include <cstddef>
#include <cstdint>
#include <span>
#include <tuple>

#include "fuzzed_types.hpp"
#include "streamwise/io/checkpoint.hpp"

namespace {

template <class T>
void try_load(std::span<const std::byte> bytes) {
  streamwise::io::LoadOptions options;
  options.max_payload_bytes = 1u << 20;
  try {
    T model = streamwise::io::from_checkpoint<T>(bytes, options);
    // A model that loads must also save again.
    (void)streamwise::io::to_checkpoint(model);
  } catch (const streamwise::CheckpointError&) {
  }
  // The checksum stops almost every mutation at the header, so also treat the input as a
  // payload behind a valid header: this drives the bounded archive and each class's loader.
  const std::string wrapped = streamwise::io::wrap_payload(
      streamwise::to_json(streamwise::spec_of(T{})),
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  try {
    T model = streamwise::io::from_checkpoint<T>(std::string_view(wrapped), options);
    (void)streamwise::io::to_checkpoint(model);
  } catch (const streamwise::CheckpointError&) {
  }
}

template <std::size_t... I>
void load_all(std::span<const std::byte> bytes, std::index_sequence<I...>) {
  (try_load<std::tuple_element_t<I, streamwise::fuzz::FuzzedTypes>>(bytes), ...);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  load_all(bytes, std::make_index_sequence<std::tuple_size_v<streamwise::fuzz::FuzzedTypes>>{});
  return 0;
}
