// The object cache's files (object_cache.hpp).
#include "object_cache.hpp"

#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>

namespace syncloom::codegen::detail {

std::string build_identity() {
  static const std::string identity = [] {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
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

}  // namespace syncloom::codegen::detail
