// The object cache's files (object_cache.hpp).
#include "object_cache.hpp"

#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>
#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <set>
#include <vector>

namespace syncloom::codegen::detail {

std::string build_identity() {
  static const std::string identity = [] {
    // The file holding this code generator: libsyncloom_jit.so when loaded as the JIT module, else the
    // executable it is linked into (unit tests).
    std::error_code ec;
    std::filesystem::path exe;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&build_identity), &info) != 0 && info.dli_fname && *info.dli_fname)
      exe = std::filesystem::canonical(info.dli_fname, ec);
    if (exe.empty() || ec) exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return std::string("unknown");
    auto size = std::filesystem::file_size(exe, ec);
    auto time = std::filesystem::last_write_time(exe, ec).time_since_epoch().count();
    return exe.string() + ":" + std::to_string(size) + ":" + std::to_string(time);
  }();
  return identity;
}

bool valid_object(const std::string& bytes) {
  auto parsed = llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(bytes, "cached"));
  if (!parsed) {
    llvm::consumeError(parsed.takeError());
    return false;
  }
  for (const auto& section : (*parsed)->sections()) {
    auto contents = section.getContents();
    if (!contents) {
      llvm::consumeError(contents.takeError());
      return false;
    }
  }
  return true;
}

bool read_file(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  static std::atomic<uint64_t> counter{0};
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::filesystem::path tmp = path;
  tmp += ".tmp" + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return;
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) return;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

void touch(const std::filesystem::path& marker) {
  std::error_code ec;
  std::filesystem::last_write_time(marker, std::filesystem::file_time_type::clock::now(), ec);
}

size_t prune(const std::filesystem::path& dir, std::chrono::hours max_age) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - max_age;
  auto old = [&](const fs::path& p) {
    std::error_code e;
    auto t = fs::last_write_time(p, e);
    return !e && t < cutoff;
  };
  // Cache files are `<16 hex digits>` then `.mapping`, `-flowN.o`, `-flowN.why` or `-functions.o`, and
  // perhaps `.tmpPID.N` from a write that never finished; anything else in the directory is not ours.
  auto key_of = [](const std::string& name) -> std::string {
    if (name.size() < 17 || name.find_first_not_of("0123456789abcdef") < 16) return "";
    return name.substr(0, 16);
  };
  std::vector<fs::path> remove;
  std::set<std::string> live_keys;
  std::vector<std::pair<std::string, fs::path>> dependents;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string(), key = key_of(name);
    if (key.empty()) continue;
    std::string rest = name.substr(16);
    if (rest.find(".tmp") != std::string::npos) {
      if (old(p)) remove.push_back(p);  // an interrupted write: never renamed into place
    } else if (rest == ".mapping") {
      if (old(p)) remove.push_back(p);
      else live_keys.insert(key);
    } else if (rest[0] == '-') {
      dependents.emplace_back(key, p);
    }
  }
  // An object goes with its marker: when the marker is stale or gone (and the object itself is old, so
  // that a start writing its entry right now is left alone).
  for (const auto& [key, p] : dependents)
    if (!live_keys.count(key) && old(p)) remove.push_back(p);
  size_t removed = 0;
  for (const auto& p : remove) removed += fs::remove(p, ec) ? 1 : 0;
  return removed;
}

}  // namespace syncloom::codegen::detail
