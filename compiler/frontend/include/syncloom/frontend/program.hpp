// The checked program: every module of a compilation with its resolved systems, tables, functions
// and domains. Sema fills types into the AST; later stages (IR lowering) read both.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "syncloom/frontend/ast.hpp"
#include "syncloom/ir/module.hpp"
#include "syncloom/schema/schema.hpp"

namespace syncloom::frontend {

/// A `system` declaration with its schema (built-in, merged with `schema "file"` and `extend` blocks).
struct SystemInfo {
  const SystemDecl* decl = nullptr;
  std::shared_ptr<schema::SystemSchema> schema;  ///< null when the connector kind is unknown
  /// Typed meta_data keys declared by `extend sys.record { meta "key": type }`, by record then key.
  std::map<std::string, std::map<std::string, schema::TypePtr>> meta_keys;
};

/// What one module can see: its own declarations plus what it imports.
struct ModuleScope {
  Module* module = nullptr;
  std::string path;
  std::map<std::string, TableDecl*> tables;
  std::map<std::string, FunctionDecl*> functions;
  /// Imported names (for the unused-import lint): name -> the import that brought it.
  std::map<std::string, const ImportDecl*> imported_from;
  std::map<std::string, Span> imported_name_spans;
  std::map<std::string, bool> import_used;
  /// Names of imports that failed (file missing, cycle, not exported): uses are not reported again.
  std::set<std::string> unresolved_imports;
  bool unresolved_import_all = false;
};

struct Program {
  std::vector<std::unique_ptr<Module>> modules;  ///< modules[0] is the root file
  std::vector<ModuleScope> scopes;               ///< parallel to modules
  std::map<std::string, SystemInfo> systems;     ///< root module's systems by name
  std::map<std::string, DomainDecl*> domains;    ///< root module's domains by name
  std::map<const ImportDecl*, size_t> import_targets;  ///< import -> index into modules
  /// Resolved types of table keys/values and function signatures (filled by sema).
  std::map<const TableDecl*, std::pair<schema::TypePtr, schema::TypePtr>> table_types;
  std::map<const FunctionDecl*, std::pair<std::vector<schema::TypePtr>, schema::TypePtr>> function_types;
  /// Pattern and zone literals of regex and time-zone built-ins, compiled or loaded once by sema (each distinct
  /// literal once); a call names its entry by `Expr::resource`, and lowering hands them to the IR.
  std::vector<ir::Regex> regexes;
  std::vector<ir::Zone> zones;

  Module& root() { return *modules.front(); }
};

}  // namespace syncloom::frontend
