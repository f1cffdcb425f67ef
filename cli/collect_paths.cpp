// Path expansion shared by lint and fmt.
#include "collect_paths.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace syncloom::cli {
namespace fs = std::filesystem;

CollectedPaths collect_loom_files(const std::vector<std::string>& paths) {
  CollectedPaths out;
  for (const auto& p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      out.errors.push_back({p, "cannot read '" + p + "': No such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      out.files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".loom") found.push_back(it->path().string());
    }
    if (ec) out.errors.push_back({p, "cannot read directory '" + p + "': " + ec.message()});
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace syncloom::cli
