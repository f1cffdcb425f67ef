// Loading zones from the tz database directory: names checked against its tzdata.zi (zones and links), then the
// TZif file read and parsed. Nothing is cached across loads: the compiler loads each zone once per mapping.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>

#include "zone_impl.hpp"

namespace {

std::string database_dir(const char* dir) {
  if (dir && *dir) return dir;
  const char* env = std::getenv("TZDIR");
  return env && *env ? env : "/usr/share/zoneinfo";
}

bool read_file(const std::string& path, std::string* out, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string data;
  char chunk[4096];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    data.append(chunk, size_t(in.gcount()));
    if (data.size() > limit) return false;
  }
  *out = std::move(data);
  return true;
}

/// Every zone ("Z name ...") and link ("L target name") of tzdata.zi, sorted; false when the file is missing.
bool database_names(const std::string& dir, std::vector<std::string>* names) {
  std::string text;
  if (!read_file(dir + "/tzdata.zi", &text, size_t(16) << 20)) return false;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string kind, a, b;
    words >> kind >> a;
    if (kind == "Z") names->push_back(a);
    else if (kind == "L" && (words >> b)) names->push_back(b);
  }
  std::sort(names->begin(), names->end());
  names->erase(std::unique(names->begin(), names->end()), names->end());
  return true;
}

/// A name that can only be a file below the database directory: components of [A-Za-z0-9._+-], none "." or "..".
bool plausible_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part)
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' || c == '-'))
        return false;
    start = end + 1;
  }
  return true;
}

sl_status failure(sl_buffer* message, const std::string& why) {
  if (message) sl_buffer_append(message, why.data(), why.size());
  return SL_INVALID;
}

}  // namespace

extern "C" sl_status sl_zone_load(const char* dir, const char* name, size_t n, sl_zone** out, sl_buffer* message) {
  *out = nullptr;
  std::string zone_name(name, n);
  std::string base = database_dir(dir);
  std::vector<std::string> names;
  if (database_names(base, &names)) {
    if (!std::binary_search(names.begin(), names.end(), zone_name))
      return failure(message, "the tz database has no zone `" + zone_name + "`");
  } else if (!plausible_name(zone_name) || zone_name == "localtime" || zone_name == "posixrules") {
    // Without a list, refuse what is not a zone name, and the host's own settings.
    return failure(message, "`" + zone_name + "` is not a zone of the tz database in " + base);
  }
  if (!plausible_name(zone_name)) return failure(message, "`" + zone_name + "` is not a zone name");
  std::string bytes;
  if (!read_file(base + "/" + zone_name, &bytes, size_t(1) << 20))
    return failure(message, "cannot read " + base + "/" + zone_name + " (is the tzdata package installed?)");
  auto* zone = new (std::nothrow) sl_zone;
  if (!zone) return SL_NO_MEMORY;
  std::string why;
  if (!syncloom::stdlib::detail::parse_tzif(bytes, *zone, why)) {
    delete zone;
    return failure(message, base + "/" + zone_name + ": " + why);
  }
  zone->name = zone_name;
  *out = zone;
  return SL_OK;
}

extern "C" void sl_zone_free(sl_zone* zone) { delete zone; }
extern "C" const char* sl_zone_name(const sl_zone* zone) { return zone->name.c_str(); }

extern "C" sl_status sl_zone_names(const char* dir, sl_buffer* out) {
  std::vector<std::string> names;
  if (!database_names(database_dir(dir), &names)) return SL_INVALID;
  for (const auto& name : names)
    if (sl_status st = sl_buffer_append(out, name.c_str(), name.size() + 1); st != SL_OK) return st;
  return SL_OK;
}
