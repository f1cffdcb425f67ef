// The order of the semantic passes: declarations before uses, keys before the flows that ref() them.
#include "types.hpp"

namespace syncloom::frontend::detail {

void Sema::run(bool lint) {
  lint_ = lint;
  collect_scopes();
  collect_systems();
  collect_domains();
  // Signatures first: bodies and tables may call any function in scope.
  for (auto& scope : program_.scopes) {
    for (auto& fn : scope.module->functions) {
      std::vector<TypePtr> params;
      for (auto& p : fn.params) params.push_back(resolve_type(p.type, &scope));
      TypePtr result = resolve_type(fn.result, &scope);
      program_.function_types[&fn] = {params, result};
    }
  }
  for (auto& scope : program_.scopes) check_tables(scope);
  for (auto& scope : program_.scopes) check_functions(scope);
  check_recursion();
  check_module_contents();
  Module& root = program_.root();
  for (auto& d : root.domains) check_domain_key(d);
  for (auto& d : root.domains) check_domain(d);
  for (auto& w : root.workflows) check_workflow(w);
  check_double_writes();
  if (lint) lint_unused();
}

void Sema::check_module_contents() {
  // A module is a library of tables and functions: anything else in it would be silently ignored by
  // the mappings that import it, so it is an error wherever the module is.
  for (auto& scope : program_.scopes) {
    Module& m = *scope.module;
    if (m.is_mapping) continue;
    auto misplaced = [&](const Ident& name, const char* what) {
      report(diag::Diagnostic::error("E0505", std::string("a module cannot declare ") + what)
                 .at(name.span, "move this into a mapping file")
                 .note("a module holds only imports, tables and functions"));
    };
    for (auto& s : m.systems) misplaced(s.name, "systems");
    for (auto& e : m.extends) misplaced(e.system, "schema extensions");
    for (auto& d : m.domains) misplaced(d.name, "domains");
    for (auto& w : m.workflows) misplaced(w.name, "workflows");
  }
  for (auto& scope : program_.scopes) {
    for (auto& imp : scope.module->imports) {
      auto target = program_.import_targets.find(&imp);
      if (target == program_.import_targets.end()) continue;
      const Module& imported = *program_.modules[target->second];
      if (imported.is_mapping && imported.has_header)
        report(diag::Diagnostic::error("E0505", "`" + imp.path.text + "` is a mapping, not a module")
                   .at(imp.path.span, "cannot import a mapping")
                   .with_help("move the shared tables and functions into a `module` file and import that from both"));
    }
  }
}

void Sema::check_double_writes() {
  auto report_double = [&](const Write& w, const Write& other) {
    report(diag::Diagnostic::error("E0303", "two flows write " + w.record + "." + w.path)
               .at(w.span, "written here")
               .also(other.span, "also written here")
               .note("one field, one writer: otherwise the last sync silently wins")
               .with_help("keep one of the assignments: each target field needs exactly one writing flow"));
  };
  std::map<std::pair<std::string, std::string>, const Write*> first;
  for (auto& w : writes_) {
    auto [it, inserted] = first.emplace(std::pair{w.record, w.path}, &w);
    if (!inserted && it->second->flow != w.flow) report_double(w, *it->second);
  }
  // A meta_data entry (`meta_data["k"]`) is written too by a flow that writes the whole list.
  for (auto& w : writes_) {
    size_t by_key = w.path.find("[\"");
    if (by_key == std::string::npos || w.path.back() != ']') continue;
    auto whole = first.find(std::pair{w.record, w.path.substr(0, by_key)});
    if (whole != first.end() && whole->second->flow != w.flow) report_double(w, *whole->second);
  }
}

void Sema::lint_unused() {
  Module& root = program_.root();
  if (!root.is_mapping) return;  // a module's tables and functions are for its importers
  for (auto& t : root.tables)
    if (!t.used)
      report(diag::Diagnostic::warning("L0001", "table `" + t.name.text + "` is never used").at(t.name.span, "unused").with_help("remove it"));
  for (auto& f : root.functions)
    if (!f.used)
      report(diag::Diagnostic::warning("L0003", "function `" + f.name.text + "` is never called").at(f.name.span, "unused").with_help("remove it"));
  ModuleScope& scope = program_.scopes[0];
  for (auto& imp : root.imports) {
    if (!program_.import_targets.count(&imp)) continue;
    if (imp.import_all) {
      bool any = false;
      for (auto& [name, from] : scope.imported_from)
        if (from == &imp && scope.import_used[name]) any = true;
      if (!any)
        report(diag::Diagnostic::warning("L0002", "nothing imported from `" + imp.path.text + "` is used").at(imp.span, "unused import"));
      continue;
    }
    for (auto& n : imp.names) {
      auto used = scope.import_used.find(n.text);
      if (used != scope.import_used.end() && !used->second && scope.imported_from[n.text] == &imp)
        report(diag::Diagnostic::warning("L0002", "imported `" + n.text + "` is never used").at(n.span, "unused import").with_help("remove it from the import"));
    }
  }
}

}  // namespace syncloom::frontend::detail
