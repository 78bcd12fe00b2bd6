#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "streamwise/datasets/paths.hpp"

namespace ds = streamwise::datasets;
namespace fs = std::filesystem;

namespace {
/// Sets STREAMWISE_DATASETS for the scope of a test, restoring the previous value after.
class EnvGuard {
 public:
  explicit EnvGuard(const char* value) {
    if (const char* old = std::getenv("STREAMWISE_DATASETS")) old_ = old;
    if (value) {
      ::setenv("STREAMWISE_DATASETS", value, 1);
    } else {
      ::unsetenv("STREAMWISE_DATASETS");
    }
  }
  ~EnvGuard() {
    if (old_) {
      ::setenv("STREAMWISE_DATASETS", old_->c_str(), 1);
    } else {
      ::unsetenv("STREAMWISE_DATASETS");
    }
  }

 private:
  std::optional<std::string> old_;
};
}  // namespace

TEST_CASE("datasets_dir follows STREAMWISE_DATASETS, else the build's directory") {
  {
    EnvGuard env(nullptr);
    CHECK(ds::datasets_dir() == fs::path(STREAMWISE_SHARED_DATASETS_DIR));
  }
  {
    EnvGuard env("");
    CHECK(ds::datasets_dir() == fs::path(STREAMWISE_SHARED_DATASETS_DIR));
  }
  {
    EnvGuard env("/some/where");
    CHECK(ds::datasets_dir() == fs::path("/some/where"));
  }
}

TEST_CASE("elec_path and sea_path find the files or say what is missing") {
  const fs::path dir = fs::temp_directory_path() / "streamwise_paths_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  EnvGuard env(dir.string().c_str());
  CHECK_THROWS_WITH_AS(ds::elec_path(),
                       ("datasets: elec.csv not found at '" + (dir / "elec.csv").string() +
                        "' (directory from STREAMWISE_DATASETS); set STREAMWISE_DATASETS to the "
                        "folder that holds it")
                           .c_str(),
                       ds::DatasetNotFound);
  CHECK_THROWS_AS(ds::sea_path(), ds::DatasetNotFound);
  std::ofstream(dir / "elec.csv") << "a,class\n1,0\n";
  std::ofstream(dir / "sea_big.csv") << "a,class\n1,0\n";
  CHECK(ds::elec_path() == dir / "elec.csv");
  CHECK(ds::sea_path() == dir / "sea_big.csv");
  fs::remove_all(dir);
}

TEST_CASE("the build's shared dataset directory is reported when a file is absent there") {
  EnvGuard env(nullptr);
  CHECK_THROWS_WITH_AS(ds::dataset_path("no_such_file.csv"),
                       doctest::Contains("the build's STREAMWISE_SHARED_DATASETS_DIR"),
                       ds::DatasetNotFound);
}
