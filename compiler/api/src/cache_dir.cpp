// Where the JIT's object cache lives by default: the XDG base directory convention, overridable for CI.
#include <cstdlib>
#include <string>

#include "syncloom/syncloom.hpp"

namespace syncloom {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::string default_jit_cache_dir() {
  if (std::string dir = env("SYNCLOOM_CACHE_DIR"); !dir.empty()) return dir;
  // XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (std::string xdg = env("XDG_CACHE_HOME"); !xdg.empty() && xdg.front() == '/') return xdg + "/syncloom";
  if (std::string home = env("HOME"); !home.empty()) return home + "/.cache/syncloom";
  return "";
}

}  // namespace syncloom
