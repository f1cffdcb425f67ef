// Value tables (key types, duplicates, enum coverage) and user functions (signatures, bodies, recursion).
#include <algorithm>
#include <set>

#include "types.hpp"

namespace syncloom::frontend::detail {

void Sema::check_tables(ModuleScope& scope) {
  for (auto& table : scope.module->tables) {
    TypePtr key = resolve_type(table.key_type, &scope);
    TypePtr value = resolve_type(table.value_type, &scope);
    program_.table_types[&table] = {key ? key : error_type(), value ? value : error_type()};
    Env env;
    env.scope = &scope;
    std::map<std::string, Span> seen;
    bool has_default = false;
    for (auto& entry : table.entries) {
      if (entry.is_default) {
        if (has_default)
          report(diag::Diagnostic::error("E0207", "table `" + table.name.text + "` has two `default` rows").at(entry.span, "second default"));
        has_default = true;
      }
      for (auto& k : entry.keys) {
        TypePtr kt = check(k.get(), env);
        if (key && !is_error(kt) && fits(*kt, *key) != Fit::kOk)
          report(diag::Diagnostic::error("E0201", "table key `" + k->text + "` is not a `" + key->to_string() + "`").at(k->span, "wrong key type"));
        if (key && key->kind == TypeKind::kEnum && !key->open_enum &&
            std::find(key->enum_values.begin(), key->enum_values.end(), k->text) == key->enum_values.end()) {
          auto d = diag::Diagnostic::error("E0209", "`\"" + k->text + "\"` is not a value of `" + key->to_string() + "`").at(k->span, "no such value");
          if (auto h = did_you_mean(k->text, key->enum_values); !h.empty()) d.with_help(h);
          report(std::move(d));
        }
        if (auto [it, inserted] = seen.emplace(k->text, k->span); !inserted)
          report(diag::Diagnostic::error("E0207", "table `" + table.name.text + "` lists `" + k->text + "` twice")
                     .at(k->span, "listed again here")
                     .also(it->second, "first listed here"));
      }
      check_assignable(entry.value.get(), value, env, "table value", value && !value->optional, /*omit_context=*/nullptr);
      if (entry.value && entry.value->omits) omitting_tables_.emplace(&table, entry.value->omit_at);
    }
    if (key && key->kind == TypeKind::kEnum && !has_default) {
      std::string missing;
      for (auto& v : key->enum_values)
        if (!seen.count(v)) missing += (missing.empty() ? "\"" : ", \"") + v + "\"";
      if (!missing.empty())
        report(diag::Diagnostic::error("E0206", "table `" + table.name.text + "` does not cover every value of `" + key->to_string() + "`")
                   .at(table.name.span, "not exhaustive")
                   .note("missing: " + missing)
                   .with_help("add rows for the missing values, or a `default => ...` row"));
    }
  }
}

void Sema::check_functions(ModuleScope& scope) {
  for (auto& fn : scope.module->functions) {
    auto sig = program_.function_types.find(&fn);
    if (sig == program_.function_types.end()) continue;
    Env env;
    env.scope = &scope;
    std::set<std::string> names;
    for (size_t i = 0; i < fn.params.size(); ++i) {
      if (!names.insert(fn.params[i].name.text).second)
        report(diag::Diagnostic::error("E0109", "parameter `" + fn.params[i].name.text + "` is declared twice").at(fn.params[i].name.span, "duplicate"));
      env.locals.push_back({fn.params[i].name.text, sig->second.first[i] ? sig->second.first[i] : error_type(), NameRef::kParam, nullptr, next_local_id_++});
    }
    current_function_ = &fn;
    TypePtr result = sig->second.second;
    check_assignable(fn.body.get(), result, env, "the result of `" + fn.name.text + "`", result && !result->optional,
                     "in a function's body");
    current_function_ = nullptr;
  }
}

void Sema::check_recursion() {
  // Depth-first search for a cycle in the call graph; each cycle reported once, at its first call.
  std::map<const FunctionDecl*, int> state;  // 0 new, 1 on stack, 2 done
  std::set<const FunctionDecl*> reported;
  std::vector<const FunctionDecl*> stack;
  std::function<void(const FunctionDecl*)> visit = [&](const FunctionDecl* f) {
    state[f] = 1;
    stack.push_back(f);
    for (auto& [callee, span] : calls_[f]) {
      if (state[callee] == 1) {
        if (reported.insert(callee).second) {
          std::string chain;
          auto from = std::find(stack.begin(), stack.end(), callee);
          for (auto it = from; it != stack.end(); ++it) chain += (*it)->name.text + " -> ";
          chain += callee->name.text;
          report(diag::Diagnostic::error("E0208", "function `" + callee->name.text + "` calls itself: " + chain)
                     .at(span, "recursive call")
                     .note("functions are pure and must terminate; recursion is not allowed"));
        }
      } else if (state[callee] == 0) {
        visit(callee);
      }
    }
    stack.pop_back();
    state[f] = 2;
  };
  for (auto& [f, calls] : calls_)
    if (state[f] == 0) visit(f);
}

}  // namespace syncloom::frontend::detail
