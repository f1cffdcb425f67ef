// Walking records along their schema types; the shared read and write normalisations.
#include "common/shape.hpp"

#include <map>
#include <mutex>

namespace syncloom::connectors::shape {

std::shared_ptr<const schema::SystemSchema> load_system_schema(std::string_view kind, const std::string& schema_dir,
                                                               std::string* error) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const schema::SystemSchema>, std::less<>> cache;
  std::string dir = schema_dir.empty() ? schema::default_schema_dir() : schema_dir;
  std::string cache_key = dir + "\n" + std::string(kind);
  std::lock_guard lock(mutex);
  if (auto it = cache.find(cache_key); it != cache.end()) return it->second;
  schema::SchemaRegistry registry(dir);
  std::string why;
  const schema::SystemSchema* loaded = registry.get(kind, why);
  if (!loaded) {
    if (error) *error = why;
    return nullptr;
  }
  auto shared = std::make_shared<const schema::SystemSchema>(*loaded);
  cache.emplace(cache_key, shared);
  return shared;
}

namespace {

std::string walk_value(const schema::Type& type, wire::Value& value, const std::string& path,
                       const LeafFn& leaf);

std::string walk_struct(const schema::StructType& type, wire::Value& record, const std::string& path,
                        const LeafFn& leaf) {
  if (!record.is_object()) return "";
  for (auto& [name, member] : record.members()) {
    const schema::FieldSchema* field = type.find(name);
    if (!field || !field->type) continue;
    std::string error = walk_value(*field->type, member, path.empty() ? name : path + "." + name, leaf);
    if (!error.empty()) return error;
  }
  return "";
}

std::string walk_value(const schema::Type& type, wire::Value& value, const std::string& path,
                       const LeafFn& leaf) {
  switch (type.kind) {
    case schema::TypeKind::kStruct:
      if (type.struct_type && value.is_object()) return walk_struct(*type.struct_type, value, path, leaf);
      return leaf(type, value, path);
    case schema::TypeKind::kList:
      if (type.element && value.is_array()) {
        for (size_t i = 0; i < value.items().size(); ++i) {
          std::string error = walk_value(*type.element, value.items()[i], path + "[" + std::to_string(i) + "]", leaf);
          if (!error.empty()) return error;
        }
        return "";
      }
      return leaf(type, value, path);
    default: return leaf(type, value, path);
  }
}

}  // namespace

std::string walk(const schema::StructType& type, wire::Value& record, const LeafFn& leaf) {
  return walk_struct(type, record, "", leaf);
}

bool is_decimal_text(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == int_start) return false;
  // JSON allows no leading zero ("06.50"): such text written as a number would make the record unreadable.
  if (text[int_start] == '0' && i - int_start > 1) return false;
  if (i < text.size() && text[i] == '.') {
    size_t frac_start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == frac_start) return false;
  }
  return i == text.size();
}

void normalise_read(const schema::StructType& type, wire::Value& record) {
  walk(type, record, [](const schema::Type& t, wire::Value& v, const std::string&) {
    if (v.is_string() && v.text().empty() && t.optional && !t.is_stringlike()) {
      v = wire::Value::null();
    } else if (t.kind == schema::TypeKind::kDecimal && v.is_string() && is_decimal_text(v.text())) {
      v = wire::Value::number(v.text());
    }
    return std::string();
  });
}

void decimals_to_strings(const schema::StructType& type, wire::Value& record) {
  walk(type, record, [](const schema::Type& t, wire::Value& v, const std::string&) {
    if (t.kind == schema::TypeKind::kDecimal && v.is_number()) v = wire::Value::string(v.text());
    return std::string();
  });
}

}  // namespace syncloom::connectors::shape
