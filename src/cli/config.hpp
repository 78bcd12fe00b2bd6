#pragma once
// learn.toml + `--set section.key=value` overrides -> LearnConfig (see docs/learner.md).

#include <string>
#include <vector>

#include "learn_loop.hpp"
#include "monitor_loop.hpp"

namespace streamwise::cli {

/// Loads `path` (may be empty: defaults only), applies `overrides` ("section.key=value", the
/// value read as a TOML value when it parses as one, else as a string), and fills a
/// LearnConfig. Throws `std::invalid_argument` naming the key for unknown keys or bad values.
kafka::LearnConfig load_config(const std::string& path, const std::vector<std::string>& overrides);

/// Same for `monitor` (sections input, monitor, drift, output.alerts, metrics, kafka*).
kafka::MonitorConfig load_monitor_config(const std::string& path,
                                         const std::vector<std::string>& overrides);

}  // namespace streamwise::cli
