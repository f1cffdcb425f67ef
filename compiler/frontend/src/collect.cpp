// Collects declarations into scopes: tables and functions per module (own and imported), systems with
// their schemas and extensions, and domains. Resolves written types.
#include <algorithm>
#include <filesystem>

#include "sema.hpp"

namespace syncloom::frontend::detail {
namespace {

template <typename Decl>
void declare(std::map<std::string, Decl*>& names, Decl& decl, Sema& sema, std::string_view what) {
  auto [it, inserted] = names.emplace(decl.name.text, &decl);
  if (!inserted) {
    if constexpr (requires { decl.used; }) decl.used = true;  // reported once, as a duplicate
    sema.report(diag::Diagnostic::error("E0109", std::string(what) + " `" + decl.name.text + "` is defined twice")
                    .at(decl.name.span, "defined again here")
                    .also(it->second->name.span, "first defined here"));
  }
}

TypePtr scalar_type(std::string_view name) {
  if (name == "string") return Type::make(TypeKind::kString);
  if (name == "int") return Type::make(TypeKind::kInt);
  if (name == "decimal") return Type::make(TypeKind::kDecimal);
  if (name == "float") return Type::make(TypeKind::kFloat);
  if (name == "bool") return Type::make(TypeKind::kBool);
  if (name == "date") return Type::make(TypeKind::kDate);
  if (name == "timestamp") return Type::make(TypeKind::kTimestamp);
  if (name == "any") return Type::make(TypeKind::kAny);
  return nullptr;
}

}  // namespace

void Sema::collect_scopes() {
  for (auto& scope : program_.scopes) {
    for (auto& t : scope.module->tables) declare(scope.tables, t, *this, "table");
    for (auto& f : scope.module->functions) declare(scope.functions, f, *this, "function");
  }
  for (auto& scope : program_.scopes) {
    for (auto& imp : scope.module->imports) {
      auto target = program_.import_targets.find(&imp);
      if (target == program_.import_targets.end()) {  // not found or cycle: reported
        if (imp.import_all) scope.unresolved_import_all = true;
        for (auto& n : imp.names) scope.unresolved_imports.insert(n.text);
        continue;
      }
      ModuleScope& from = program_.scopes[target->second];
      auto bring = [&](const std::string& name, Span span, bool explicit_name) {
        bool found = false;
        if (auto t = from.tables.find(name); t != from.tables.end()) {
          found = true;
          if (!scope.tables.emplace(name, t->second).second && explicit_name)
            report(diag::Diagnostic::error("E0109", "`" + name + "` is already defined in this file").at(span, "imported here"));
        }
        if (auto f = from.functions.find(name); f != from.functions.end()) {
          found = true;
          if (!scope.functions.emplace(name, f->second).second && explicit_name)
            report(diag::Diagnostic::error("E0109", "`" + name + "` is already defined in this file").at(span, "imported here"));
        }
        if (found) {
          scope.imported_from[name] = &imp;
          scope.imported_name_spans[name] = span;
          scope.import_used.emplace(name, false);
        }
        return found;
      };
      if (imp.import_all) {
        for (auto& [name, t] : from.tables) bring(name, imp.span, false);
        for (auto& [name, f] : from.functions) bring(name, imp.span, false);
        continue;
      }
      for (auto& n : imp.names) {
        if (!bring(n.text, n.span, true)) {
          scope.unresolved_imports.insert(n.text);
          std::vector<std::string> exported;
          for (auto& [name, t] : from.tables) exported.push_back(name);
          for (auto& [name, f] : from.functions) exported.push_back(name);
          auto d = diag::Diagnostic::error("E0503", "`" + imp.path.text + "` has no table or function `" + n.text + "`")
                       .at(n.span, "not exported by that module");
          if (auto h = did_you_mean(n.text, exported); !h.empty()) d.with_help(h);
          report(std::move(d));
        }
      }
    }
  }
}

void Sema::collect_systems() {
  Module& root = program_.root();
  for (auto& decl : root.systems) {
    if (program_.systems.count(decl.name.text)) {
      report(diag::Diagnostic::error("E0109", "system `" + decl.name.text + "` is defined twice")
                 .at(decl.name.span, "defined again here")
                 .also(program_.systems[decl.name.text].decl->name.span, "first defined here"));
      continue;
    }
    SystemInfo info;
    info.decl = &decl;
    std::string error;
    auto kinds = schemas_.kinds();
    bool known = std::find(kinds.begin(), kinds.end(), decl.kind.text) != kinds.end();
    if (const schema::SystemSchema* builtin = known ? schemas_.get(decl.kind.text, error) : nullptr) {
      info.schema = std::make_shared<schema::SystemSchema>(*builtin);
    } else if (!known) {
      auto d = diag::Diagnostic::error("E0102", "unknown connector kind `" + decl.kind.text + "`")
                   .at(decl.kind.span, "no built-in schema for this kind");
      if (auto h = did_you_mean(decl.kind.text, schemas_.kinds()); !h.empty()) d.with_help(h);
      std::string kinds;
      for (auto& k : schemas_.kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
      d.note("known kinds: " + kinds);
      report(std::move(d));
    } else {
      report(diag::Diagnostic::error("E0504", "the schema of `" + decl.kind.text + "` cannot be loaded")
                 .at(decl.kind.span, error));
    }
    if (info.schema && decl.schema_file) {
      auto dir = std::filesystem::path(program_.scopes[0].path).parent_path();
      auto loaded = schema::load_extension_file((dir / decl.schema_file->text).string(), *info.schema);
      if (!loaded.schema) {
        report(diag::Diagnostic::error("E0504", "cannot load schema extension `" + decl.schema_file->text + "`")
                   .at(decl.schema_file->span, loaded.error));
      } else if (auto merge_error = schema::merge_schema(*info.schema, *loaded.schema); !merge_error.empty()) {
        report(diag::Diagnostic::error("E0504", "cannot merge schema extension `" + decl.schema_file->text + "`")
                   .at(decl.schema_file->span, merge_error));
      }
    }
    program_.systems.emplace(decl.name.text, std::move(info));
  }
  for (auto& ext : root.extends) {
    auto it = program_.systems.find(ext.system.text);
    if (find_system(ext.system) == nullptr || !it->second.schema) continue;
    SystemInfo& sys = it->second;
    auto rec = sys.schema->records.find(ext.record.text);
    if (rec == sys.schema->records.end()) {
      find_record(sys, ext.record);
      continue;
    }
    // Copy before changing: the registry's cached schema is shared.
    rec->second.type = std::make_shared<schema::StructType>(*rec->second.type);
    for (auto& m : ext.members) {
      TypePtr t = resolve_type(m.type, &program_.scopes[0]);
      if (!t) continue;
      if (m.is_meta) {
        sys.meta_keys[ext.record.text][m.name.text] = Type::with_optional(t, true);
        continue;
      }
      schema::FieldSchema field{m.name.text, t, m.required, m.read_only, "declared by `extend`", 0};
      auto& fields = rec->second.type->fields;
      auto existing = std::find_if(fields.begin(), fields.end(), [&](auto& f) { return f.name == m.name.text; });
      if (existing != fields.end()) *existing = field; else fields.push_back(field);
    }
  }
}

void Sema::collect_domains() {
  for (auto& d : program_.root().domains) declare(program_.domains, d, *this, "domain");
}

TypePtr Sema::resolve_type(const TypeRef& ref, ModuleScope* scope) {
  TypePtr t;
  switch (ref.kind) {
    case TypeRef::Kind::kList: {
      TypePtr element = ref.element ? resolve_type(*ref.element, scope) : nullptr;
      if (!element) return nullptr;
      t = Type::make_list(element);
      break;
    }
    case TypeRef::Kind::kEnum: {
      std::vector<std::string> values;
      for (auto& v : ref.enum_values) values.push_back(v.text);
      t = Type::make_enum(values, ref.open_enum, "");
      break;
    }
    case TypeRef::Kind::kNamed: {
      if (ref.path.size() == 1) {
        t = scalar_type(ref.path[0].text);
        if (!t) {
          auto d = diag::Diagnostic::error("E0108", "unknown type `" + ref.path[0].text + "`").at(ref.path[0].span, "not a type");
          if (auto h = did_you_mean(ref.path[0].text, {"string", "int", "decimal", "float", "bool", "date", "timestamp", "any"}); !h.empty())
            d.with_help(h);
          report(std::move(d));
          return nullptr;
        }
      } else if (ref.path.size() == 3) {
        // `woo.order.status`: the type of a schema field, typically an enum a table maps from.
        const SystemInfo* sys = find_system(ref.path[0]);
        if (!sys || !sys->schema) return nullptr;
        const schema::RecordSchema* rec = find_record(*sys, ref.path[1]);
        if (!rec) return nullptr;
        const schema::FieldSchema* f = rec->type->find(ref.path[2].text);
        if (!f) {
          std::vector<std::string> names;
          for (auto& field : rec->type->fields) names.push_back(field.name);
          auto d = diag::Diagnostic::error("E0104", "unknown field `" + ref.path[2].text + "` on " + ref.path[0].text + "." + ref.path[1].text)
                       .at(ref.path[2].span, "not a field of this record");
          if (auto h = did_you_mean(ref.path[2].text, names); !h.empty()) d.with_help(h);
          report(std::move(d));
          return nullptr;
        }
        t = Type::with_optional(f->type, false);
      } else {
        report(diag::Diagnostic::error("E0108", "unknown type").at(ref.span, "expected a type name or `system.record.field`"));
        return nullptr;
      }
      break;
    }
  }
  return ref.optional ? Type::with_optional(t, true) : t;
}

const SystemInfo* Sema::find_system(const Ident& name, bool report_unknown) {
  auto it = program_.systems.find(name.text);
  if (it != program_.systems.end()) return &it->second;
  if (report_unknown) {
    std::vector<std::string> names;
    for (auto& [n, s] : program_.systems) names.push_back(n);
    auto d = diag::Diagnostic::error("E0101", "unknown system `" + name.text + "`").at(name.span, "no `system` declares this name");
    if (auto h = did_you_mean(name.text, names); !h.empty()) d.with_help(h);
    report(std::move(d));
  }
  return nullptr;
}

const schema::RecordSchema* Sema::find_record(const SystemInfo& sys, const Ident& record, bool report_unknown) {
  if (!sys.schema) return nullptr;
  if (auto* r = sys.schema->find_record(record.text)) return r;
  if (report_unknown) {
    std::vector<std::string> names;
    for (auto& [n, r] : sys.schema->records) names.push_back(n);
    auto d = diag::Diagnostic::error("E0103", "`" + sys.decl->name.text + "` (" + sys.schema->kind + ") has no record `" + record.text + "`")
                 .at(record.span, "unknown record");
    if (auto h = did_you_mean(record.text, names); !h.empty()) d.with_help(h);
    report(std::move(d));
  }
  return nullptr;
}

Env Sema::record_env(const Ident& system, const Ident& record, ModuleScope* scope) {
  Env env;
  env.scope = scope;
  const SystemInfo* sys = find_system(system);
  if (!sys) return env;
  const schema::RecordSchema* rec = find_record(*sys, record);
  if (!rec) return env;
  env.record = rec->type.get();
  env.record_label = system.text + "." + record.text;
  env.system = sys;
  env.record_name = record.text;
  return env;
}

}  // namespace syncloom::frontend::detail
