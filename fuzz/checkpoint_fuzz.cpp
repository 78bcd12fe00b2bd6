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
void load_one(std::size_t which, std::span<const std::byte> bytes, std::index_sequence<I...>) {
  ((which == I ? try_load<std::tuple_element_t<I, streamwise::fuzz::FuzzedTypes>>(bytes) : void()),
   ...);
}

}  // namespace

// The first byte picks the type (so each input exercises one loader quickly); the rest is the
// checkpoint. Seed files from fuzz_checkpoint_corpus carry that byte already.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::size_t n_types = std::tuple_size_v<streamwise::fuzz::FuzzedTypes>;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  load_one(data[0] % n_types, bytes, std::make_index_sequence<n_types>{});
  return 0;
}
