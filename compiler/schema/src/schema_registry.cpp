// Finds built-in schemas by connector kind: <directory>/<kind>.yaml, loaded once and cached.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <cstddef>
#include <system_error>
#include <vector>

#include "syncloom/schema/schema.hpp"
#include "text_util.hpp"

#include <dlfcn.h>

#ifndef SYNCLOOM_DEFAULT_SCHEMA_DIR
#define SYNCLOOM_DEFAULT_SCHEMA_DIR "schemas"
#endif

namespace syncloom::schema {

namespace fs = std::filesystem;

const RecordSchema* SystemSchema::find_record(std::string_view name) const {
  auto it = records.find(std::string(name));
  return it == records.end() ? nullptr : &it->second;
}

SchemaRegistry::SchemaRegistry(std::string directory) : directory_(std::move(directory)) {}

const SystemSchema* SchemaRegistry::get(std::string_view kind, std::string& error) {
  auto cached = cache_.find(kind);
  if (cached != cache_.end()) return cached->second.get();

  // A kind is a plain name, so it can never reach outside the directory.
  if (!detail::is_identifier(kind)) {
    error = "`";  // appended piecewise: `"`" + s + "..."` trips GCC 12's false -Wrestrict at -O2
    error.append(kind).append("` is not a connector kind");
    return nullptr;
  }
  fs::path file = fs::path(directory_) / (std::string(kind) + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    std::vector<std::string> known = kinds();
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    error = "no schema for connector kind `" + std::string(kind) + "`" + detail::did_you_mean(kind, known) +
            (known.empty() ? " (no schema files in " + directory_ + ")" : "; known kinds: " + list);
    return nullptr;
  }
  LoadResult loaded = load_schema_file(file.string());
  if (!loaded.schema) {
    error = loaded.error;
    return nullptr;
  }
  if (loaded.schema->kind != kind) {
    error = file.string() + ": the file says `kind: " + loaded.schema->kind + "` but is named for `" +
            std::string(kind) + "`";
    return nullptr;
  }
  auto owned = std::make_unique<SystemSchema>(std::move(*loaded.schema));
  const SystemSchema* result = owned.get();
  cache_.emplace(std::string(kind), std::move(owned));
  return result;
}

std::vector<std::string> SchemaRegistry::kinds() const {
  std::vector<std::string> out;
  std::error_code ec;
  // The error_code overloads throughout: a missing or unreadable directory just has no kinds.
  for (fs::directory_iterator it(directory_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code file_ec;
    if (p.extension() == ".yaml" && it->is_regular_file(file_ec)) out.push_back(p.stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// The installed layout relative to an installed binary (cmake/syncloom_install.cmake sets these from
// GNUInstallDirs): <prefix>/bin/syncloom and <prefix>/lib/<embedder>.so find <prefix>/share/syncloom/schemas
// wherever the prefix was installed or moved to.
#ifdef SYNCLOOM_SCHEMA_DIR_FROM_BIN
std::string installed_beside(const std::string& binary, const char* relative) {
  if (binary.empty()) return "";
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::path(binary).parent_path() / relative, ec);
  return !ec && fs::is_directory(dir, ec) ? dir.string() : "";
}

// The installation whose JIT module this program would load: the first directory on the program's library
// search path (LD_LIBRARY_PATH, its RUNPATH, which find_package(syncloom) points at the installed lib/, the
// system's directories) holding libsyncloom_jit.so. Asked of the loader, without loading the module.
std::string jit_module_on_search_path() {
  void* self = dlopen(nullptr, RTLD_LAZY);  // the program itself: a reference, closed below
  if (self == nullptr) return "";
  std::string found;
  Dl_serinfo size{};
  if (dlinfo(self, RTLD_DI_SERINFOSIZE, &size) == 0 && size.dls_size > 0) {
    std::vector<std::max_align_t> storage(size.dls_size / sizeof(std::max_align_t) + 1);
    auto* info = reinterpret_cast<Dl_serinfo*>(storage.data());
    *info = size;
    unsigned count = dlinfo(self, RTLD_DI_SERINFO, info) == 0 ? info->dls_cnt : 0;
    for (unsigned i = 0; i < count && found.empty(); ++i) {
      std::error_code ec;
      fs::path file = fs::path(info->dls_serpath[i].dls_name) / "libsyncloom_jit.so";
      if (fs::is_regular_file(file, ec)) found = file.string();
    }
  }
  dlclose(self);
  return found;
}

std::string own_binary() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&default_schema_dir), &info) == 0 || info.dli_fname == nullptr) return "";
  std::error_code ec;
  fs::path self = fs::canonical(info.dli_fname, ec);
  return ec ? "" : self.string();
}
#endif

}  // namespace

std::string default_schema_dir() {
  const char* env = std::getenv("SYNCLOOM_SCHEMA_DIR");
  if (env != nullptr && *env != '\0') return env;
#ifdef SYNCLOOM_SCHEMA_DIR_FROM_BIN
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (std::string dir = installed_beside(ec ? "" : exe.string(), SYNCLOOM_SCHEMA_DIR_FROM_BIN); !dir.empty()) return dir;
  if (std::string dir = installed_beside(own_binary(), SYNCLOOM_SCHEMA_DIR_FROM_LIB); !dir.empty()) return dir;
  if (std::string dir = installed_beside(jit_module_on_search_path(), SYNCLOOM_SCHEMA_DIR_FROM_LIB); !dir.empty()) return dir;
  // The source tree while it exists (the build tree's binaries), then where `cmake --install` was configured
  // to put them.
  if (fs::is_directory(SYNCLOOM_DEFAULT_SCHEMA_DIR, ec)) return SYNCLOOM_DEFAULT_SCHEMA_DIR;
  if (fs::is_directory(SYNCLOOM_INSTALLED_SCHEMA_DIR, ec)) return SYNCLOOM_INSTALLED_SCHEMA_DIR;
#endif
  return SYNCLOOM_DEFAULT_SCHEMA_DIR;
}

}  // namespace syncloom::schema
