#pragma once
/// @file
/// Library version, stamped into every checkpoint header.

namespace streamwise {

/// Semantic version of the library, as "major.minor.patch".
inline constexpr const char* version_string = "0.1.0";
inline constexpr int version_major = 0;  ///< Major version.
inline constexpr int version_minor = 1;  ///< Minor version.
inline constexpr int version_patch = 0;  ///< Patch version.

}  // namespace streamwise
