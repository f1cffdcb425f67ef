// Expands command-line paths: files as given, directories recursively to their *.loom files (sorted).
#pragma once

#include <string>
#include <vector>

namespace syncloom::cli {

struct PathError {
  std::string path;     ///< as given
  std::string message;  ///< "cannot read 'x': No such file or directory"
};

struct CollectedPaths {
  std::vector<std::string> files;
  std::vector<PathError> errors;
};

CollectedPaths collect_loom_files(const std::vector<std::string>& paths);

}  // namespace syncloom::cli
