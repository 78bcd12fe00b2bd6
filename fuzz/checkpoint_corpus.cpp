// Writes one valid checkpoint per fuzzed type (default-constructed) into the directory given
// as the first argument: the fuzzer's seed corpus.
#include <cstdio>
#include <filesystem>
#include <string>
#include <tuple>

#include "fuzzed_types.hpp"
#include "streamwise/io/checkpoint.hpp"

namespace {
template <class T>
void write_seeds(const std::filesystem::path& dir, std::size_t index) {
  // The fuzzer reads the first byte as the index of the type to load.
  const std::string tag(1, static_cast<char>(index));
  T model{};
  streamwise::io::write_file_atomic(dir / ("seed-" + std::to_string(index) + "-empty"),
                                    tag + streamwise::io::to_checkpoint(model));
  streamwise::fuzz::warm_up(model);
  streamwise::io::write_file_atomic(dir / ("seed-" + std::to_string(index) + "-trained"),
                                    tag + streamwise::io::to_checkpoint(model));
}

template <std::size_t... I>
void write_all(const std::filesystem::path& dir, std::index_sequence<I...>) {
  (write_seeds<std::tuple_element_t<I, streamwise::fuzz::FuzzedTypes>>(dir, I), ...);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  std::filesystem::create_directories(argv[1]);
  write_all(argv[1], std::make_index_sequence<std::tuple_size_v<streamwise::fuzz::FuzzedTypes>>{});
  return 0;
}
