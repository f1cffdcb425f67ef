// Field definitions of structs and records, and the check that structs do not contain themselves.
#include <map>
#include <vector>

#include "loader.hpp"
#include "text_util.hpp"

namespace syncloom::schema::detail {

namespace {

// Gives every enum in `t` (directly or as list element) its origin, e.g. "woocommerce.order.status".
TypePtr name_enums(const TypePtr& t, const std::string& name) {
  if (t->kind == TypeKind::kEnum) return Type::make_enum(t->enum_values, t->open_enum, name, t->optional);
  if (t->kind == TypeKind::kList && t->element) return Type::make_list(name_enums(t->element, name), t->optional);
  return t;
}

// The structs a type mentions directly (through lists and optionals).
void collect_structs(const TypePtr& t, std::vector<const StructType*>& out) {
  if (!t) return;
  if (t->kind == TypeKind::kStruct && t->struct_type) out.push_back(t->struct_type.get());
  if (t->kind == TypeKind::kList) collect_structs(t->element, out);
}

}  // namespace

void Loader::load_fields(const YAML::Node& fields, const std::string& owner, StructType& into) {
  const std::string what = "`fields` of `" + owner + "`";
  if (!check_map(fields, what)) return;
  if (fields.size() == 0) {
    fail(fields, what + " lists no fields");
    return;
  }
  for (const auto& entry : fields) {
    load_field(entry.first, entry.second, owner, into);
    if (failed()) return;
  }
}

void Loader::load_field(const YAML::Node& key, const YAML::Node& value, const std::string& owner,
                        StructType& into) {
  FieldSchema f;
  if (!read_string(key, "a field name", f.name)) return;
  if (!is_identifier(f.name)) {
    fail(key, "`" + f.name + "` cannot name a field of `" + owner + "` (letters, digits and `_` only)");
    return;
  }
  if (into.find(f.name)) {
    fail(key, "field `" + f.name + "` of `" + owner + "` defined twice");
    return;
  }
  f.line = static_cast<uint32_t>(node_line(key));
  const std::string what = "field `" + owner + "." + f.name + "`";

  // A field is `name: spelling` or `name: {type, required, read_only, doc}`. `[T]` written without
  // quotes arrives as a one-element YAML list; it means the same as "[T]".
  YAML::Node type_node = value;
  if (value.IsMap()) {
    if (!check_keys(value, what, {"type", "required", "read_only", "doc"})) return;
    if (!value["type"]) {
      fail(key, what + " needs `type:`");
      return;
    }
    type_node.reset(value["type"]);  // operator= would overwrite `value` itself (yaml-cpp semantics)
    if (value["required"] && !read_bool(value["required"], "`required`", f.required)) return;
    if (value["read_only"] && !read_bool(value["read_only"], "`read_only`", f.read_only)) return;
    if (value["doc"] && !read_string(value["doc"], "`doc`", f.doc)) return;
  }
  std::string spelling;
  if (type_node.IsScalar()) {
    spelling = type_node.Scalar();
  } else if (type_node.IsSequence() && type_node.size() == 1 && type_node[0].IsScalar()) {
    spelling = "[" + type_node[0].Scalar() + "]";
  } else if (!type_node.IsDefined() || type_node.IsNull()) {
    fail(key, what + " needs a type");
    return;
  } else {
    fail(type_node, what + ": expected a type such as `decimal?` or a map {type, required, read_only, doc}");
    return;
  }
  std::string type_error;
  TypePtr t = parse_type(spelling, scope_, type_error);
  if (!t) {
    fail(type_node, what + ": " + type_error);
    return;
  }
  if (f.required && f.read_only) {
    fail(key, what + " cannot be both required (a write must send it) and read_only (a write must not)");
    return;
  }
  f.type = name_enums(t, scope_.kind + "." + owner + "." + f.name);
  into.fields.push_back(std::move(f));
}

std::string find_struct_cycle(const std::map<std::string, std::shared_ptr<StructType>>& structs, uint32_t& line) {
  // Depth-first search; structs outside `structs` (a base schema's) were checked when they loaded.
  enum class Mark { kVisiting, kDone };
  std::map<const StructType*, Mark> marks;
  std::map<const StructType*, std::string> short_names;
  for (const auto& [name, st] : structs) short_names[st.get()] = name;

  std::vector<std::string> path;
  std::string cycle;
  auto visit = [&](auto& self, const StructType* st) -> bool {
    marks[st] = Mark::kVisiting;
    path.push_back(short_names[st]);
    for (const FieldSchema& f : st->fields) {
      std::vector<const StructType*> refs;
      collect_structs(f.type, refs);
      for (const StructType* r : refs) {
        if (short_names.count(r) == 0) continue;
        auto it = marks.find(r);
        if (it == marks.end()) {
          if (!self(self, r)) return false;
        } else if (it->second == Mark::kVisiting) {
          bool in_cycle = false;
          for (const std::string& p : path) {
            in_cycle = in_cycle || p == short_names[r];
            if (in_cycle) cycle += p + " -> ";
          }
          cycle = "field `" + short_names[st] + "." + f.name + "` makes a struct contain itself: " + cycle +
                  short_names[r];
          line = f.line;
          return false;
        }
      }
    }
    path.pop_back();
    marks[st] = Mark::kDone;
    return true;
  };
  for (const auto& [name, st] : structs) {
    if (marks.count(st.get()) == 0 && !visit(visit, st.get())) break;
  }
  return cycle;
}

void Loader::check_struct_cycles(const SystemSchema& s) {
  uint32_t line = 0;
  std::string cycle = find_struct_cycle(s.structs, line);
  if (!cycle.empty()) fail_at_line(static_cast<int>(line), cycle);
}

}  // namespace syncloom::schema::detail
