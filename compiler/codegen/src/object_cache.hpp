// The JIT's on-disk object cache: files named by the cache key, written atomically, checked when read.
#pragma once

#include <chrono>
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

/// How long an unused mapping's entries stay in a cache directory.
constexpr std::chrono::hours kCacheMaxAge{24 * 30};

/// Marks the entry whose marker is `marker` (`<key>.mapping`) as used now, so that pruning keeps it.
void touch(const std::filesystem::path& marker);

/// Removes from `dir` what no start has used for `max_age`: each `<key>.mapping` marker older than that
/// with its `<key>-*` files, objects whose marker is gone, and temporary files left by interrupted
/// writes. Other files are not touched. Failures only leave files behind. Returns the files removed.
size_t prune(const std::filesystem::path& dir, std::chrono::hours max_age = kCacheMaxAge);

}  // namespace syncloom::codegen::detail
