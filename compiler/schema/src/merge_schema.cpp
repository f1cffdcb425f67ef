// Merges a user's extension (custom fields, extra records) over a built-in schema without touching
// the StructTypes the built-in schema shares with the registry cache.
#include <map>

#include "loader.hpp"
#include "syncloom/schema/schema.hpp"

namespace syncloom::schema {

namespace {

using CloneMap = std::map<std::string, std::shared_ptr<StructType>>;  // by qualified name

// The same type, with every struct reference pointing at its clone.
TypePtr remap(const TypePtr& t, const CloneMap& clones) {
  if (!t) return t;
  if (t->kind == TypeKind::kStruct && t->struct_type) {
    auto it = clones.find(t->struct_type->name);
    if (it == clones.end() || it->second == t->struct_type) return t;
    return Type::make_struct(it->second, t->optional);
  }
  if (t->kind == TypeKind::kList) {
    TypePtr element = remap(t->element, clones);
    return element == t->element ? t : Type::make_list(element, t->optional);
  }
  return t;
}

std::shared_ptr<StructType> clone(const StructType& s, const std::string& qualified_name, CloneMap& clones) {
  auto copy = std::make_shared<StructType>(s);
  copy->name = qualified_name;
  clones[qualified_name] = copy;
  return copy;
}

// Adds the extension's fields; a field given again replaces the existing one.
void merge_fields(StructType& into, const StructType& from) {
  if (!from.doc.empty()) into.doc = from.doc;
  for (const FieldSchema& f : from.fields) {
    bool replaced = false;
    for (FieldSchema& existing : into.fields) {
      if (existing.name == f.name) {
        existing = f;
        replaced = true;
      }
    }
    if (!replaced) into.fields.push_back(f);
  }
  for (const auto& group : from.required_one_of) into.required_one_of.push_back(group);
}

}  // namespace

std::string merge_schema(SystemSchema& base, const SystemSchema& extension) {
  if (!extension.kind.empty() && extension.kind != base.kind) {
    return extension.source_path + ": cannot extend the `" + base.kind + "` schema with a `" + extension.kind +
           "` schema";
  }
  const std::string prefix = base.kind + ".";

  // 1. Copy every struct and record type, so types shared with other schemas stay as they were.
  SystemSchema out = base;
  CloneMap clones;
  for (auto& [name, st] : out.structs) st = clone(*st, prefix + name, clones);
  for (auto& [name, rec] : out.records) rec.type = clone(*rec.type, prefix + name, clones);

  // 2. Apply the extension to the copies.
  for (const auto& [name, st] : extension.structs) {
    if (out.records.count(name) > 0) {
      return extension.source_path + ": `" + name + "` is a record of `" + base.kind + "`, not a struct";
    }
    auto it = out.structs.find(name);
    if (it == out.structs.end()) {
      out.structs[name] = clone(*st, prefix + name, clones);
    } else {
      merge_fields(*it->second, *st);
    }
  }
  for (const auto& [name, rec] : extension.records) {
    if (out.structs.count(name) > 0) {
      return extension.source_path + ": `" + name + "` is a struct of `" + base.kind + "`, not a record";
    }
    auto it = out.records.find(name);
    if (it == out.records.end()) {
      RecordSchema added = rec;
      added.type = clone(*rec.type, prefix + name, clones);
      out.records[name] = added;
      continue;
    }
    merge_fields(*it->second.type, *rec.type);
    if (!rec.doc.empty()) it->second.doc = rec.doc;
    if (!rec.id_field.empty()) it->second.id_field = rec.id_field;
  }
  for (const std::string& topic : extension.topics) {
    bool known = false;
    for (const std::string& t : out.topics) known = known || t == topic;
    if (!known) out.topics.push_back(topic);
  }

  // 3. Point every field at the merged structs: `order.billing` must see fields added to `address`.
  for (auto& [qualified, st] : clones) {
    for (FieldSchema& f : st->fields) f.type = remap(f.type, clones);
  }

  // 4. An extended struct may now reach itself through a built-in one.
  uint32_t line = 0;
  std::string cycle = detail::find_struct_cycle(out.structs, line);
  if (!cycle.empty()) {
    for (auto& [qualified, st] : clones) st->fields.clear();  // break the cycle so memory is freed
    // The closing field may come from either file, so no line: the merge as a whole is at fault.
    return extension.source_path + ": after merging, " + cycle;
  }
  base = std::move(out);
  return "";
}

}  // namespace syncloom::schema
