// The JIT's on-disk object cache: files named by the cache key, written atomically, checked when read.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace syncloom::codegen::detail {

/// What produced the code: the running program's path, size and modification time. Cached objects from
/// an older syncloom (another code generator) must not be reused, and the IR alone does not say which
/// one wrote them.
std::string build_identity();

/// Whether `bytes` parse as an object file (headers, sections), before ORC is asked to link them.
bool valid_object(const std::string& bytes);

/// The whole file, or false.
bool read_file(const std::filesystem::path& path, std::string& out);

/// Write then rename, so a concurrent reader never sees half a file; failures only cost the cache.
void write_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace syncloom::codegen::detail
