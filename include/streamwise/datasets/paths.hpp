#pragma once
/// @file
/// Where the shared real datasets (`elec.csv`, `sea_big.csv`) are found.
///
/// The project does not ship these files. They are looked for in, in order:
/// 1. the directory named by the environment variable `STREAMWISE_DATASETS`, when set and
///    non-empty (it then decides alone: a file missing there is an error, not a fall-through);
/// 2. the directory given at compile time by the macro `STREAMWISE_SHARED_DATASETS_DIR` (the
///    build defines it for tests as `<repo>/../shared/datasets`).
/// A missing directory or file throws `DatasetNotFound`, naming the file, every place looked
/// in, and how to fix it.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "streamwise/core/errors.hpp"

namespace streamwise::datasets {

/// A dataset file that cannot be found where the library looked.
class DatasetNotFound : public Error {
 public:
  using Error::Error;
};

/// The directory the shared datasets are read from: `$STREAMWISE_DATASETS` when set, else the
/// compile-time `STREAMWISE_SHARED_DATASETS_DIR`. Throws `DatasetNotFound` when neither is
/// available.
inline std::filesystem::path datasets_dir() {
  if (const char* env = std::getenv("STREAMWISE_DATASETS"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env);
  }
#ifdef STREAMWISE_SHARED_DATASETS_DIR
  return std::filesystem::path(STREAMWISE_SHARED_DATASETS_DIR);
#else
  throw DatasetNotFound(
      "datasets: no dataset directory: set STREAMWISE_DATASETS to the folder holding elec.csv "
      "and sea_big.csv (or build with STREAMWISE_SHARED_DATASETS_DIR defined)");
#endif
}

/// Path of `file_name` in `datasets_dir()`; throws `DatasetNotFound` naming the full path
/// looked at when it is not a regular file there.
inline std::filesystem::path dataset_path(std::string_view file_name) {
  const std::filesystem::path dir = datasets_dir();
  std::filesystem::path path = dir / std::filesystem::path(file_name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    const char* env = std::getenv("STREAMWISE_DATASETS");
    const bool from_env = env != nullptr && *env != '\0';
    throw DatasetNotFound("datasets: " + std::string(file_name) + " not found at '" +
                          path.string() + "' (directory from " +
                          (from_env ? std::string("STREAMWISE_DATASETS")
                                    : std::string("the build's STREAMWISE_SHARED_DATASETS_DIR")) +
                          "); set STREAMWISE_DATASETS to the folder that holds it");
  }
  return path;
}

/// Electricity (`elec.csv`: 45,312 rows, 6 numeric features, binary target column `class`).
inline std::filesystem::path elec_path() { return dataset_path("elec.csv"); }

/// SEA, 100,000 rows (`sea_big.csv`: `attrib1`..`attrib3`, binary target column `class`).
inline std::filesystem::path sea_path() { return dataset_path("sea_big.csv"); }

}  // namespace streamwise::datasets
