// Calls (built-in functions, user functions, ref, changed) and indexing (tables, meta_data, lists).
#include <algorithm>
#include <set>

#include "call_check.hpp"

namespace syncloom::frontend::detail {
namespace {

const std::set<std::string, std::less<>> kRoundingModes = {"half_even", "half_up", "half_down", "up", "down", "ceiling", "floor"};

const std::vector<std::string> kBuiltins = {
    "lower", "upper", "trim", "len", "substr", "replace", "contains", "starts_with", "ends_with", "split", "join",
    "string", "int", "decimal", "float", "date", "timestamp", "format_date", "add_days", "round", "abs", "min",
    "max", "sum", "count", "avg", "any", "all", "first", "last", "coalesce", "ref", "changed",
    // check_call_list.cpp, check_call_regex.cpp, check_call_text.cpp
    "sort", "sort_by", "distinct", "group_by", "matches", "regex_replace", "regex_capture", "pad_left", "pad_right", "parse_json"};

bool is_list_of(const TypePtr& t, bool (*pred)(const Type&)) {
  return t && t->kind == TypeKind::kList && t->element && pred(*t->element);
}

}  // namespace

TypePtr Sema::check_call(Expr* e, Env& env) {
  const std::string& name = e->text;
  auto& args = e->operands;
  CallCheck call(*this, e);
  auto arity = [&](size_t lo, size_t hi) { return call.arity(lo, hi); };
  auto bad_arg = [&](size_t i, const TypePtr& t, const std::string& expected) { return call.bad_arg(i, t, expected); };

  // ref(domain, key): the target system's id of a record synced by another domain.
  if (name == "ref") {
    e->ref = NameRef::kBuiltin;
    if (!arity(2, 2)) return error_type();
    Expr* domain = args[0].get();
    TypePtr key = check(args[1].get(), env);
    if (domain->kind != ExprKind::kName || !program_.domains.count(domain->text)) {
      std::vector<std::string> names;
      for (auto& [n, d] : program_.domains) names.push_back(n);
      auto d = diag::Diagnostic::error("E0105", "unknown domain `" + domain->text + "`").at(domain->span, "no `domain` declares this name");
      if (auto h = did_you_mean(domain->text, names); !h.empty()) d.with_help(h);
      report(std::move(d));
      return error_type();
    }
    domain->ref = NameRef::kDomain;
    const DomainDecl* target = program_.domains[domain->text];
    if (!target->key) {
      report(diag::Diagnostic::error("E0307", "`ref` to domain `" + domain->text + "`, which has no key")
                 .at(domain->span, "no `key` in this domain")
                 .also(target->name.span, "declared here")
                 .with_help("add `key a.record.field <-> b.record.field` to the domain"));
      return error_type();
    }
    if (env.target_system.empty()) {
      report(diag::Diagnostic::error("E0307", "`ref` is only valid inside a flow").at(e->span, "no flow target here"));
      return error_type();
    }
    for (const std::string& side : key_records_[target]) {
      auto dot = side.find('.');
      if (side.substr(0, dot) != env.target_system) continue;
      const SystemInfo& sys = program_.systems[env.target_system];
      const schema::RecordSchema* rec = sys.schema ? sys.schema->find_record(side.substr(dot + 1)) : nullptr;
      if (!rec) return error_type();
      const schema::FieldSchema* id = rec->type->find(rec->id_field);
      // The key argument is matched against the key's other side.
      auto types = key_types_.find(target);
      if (types != key_types_.end() && !is_error(key)) {
        const TypePtr& other = key_records_[target][0] == side ? types->second.second : types->second.first;
        if (!is_error(other) && comparable(*key, *other, false) != Fit::kOk)
          report(diag::Diagnostic::error("E0201", "`ref(" + domain->text + ", ...)` takes a `" + other->to_string() + "` key, found `" +
                                                      key->to_string() + "`")
                     .at(args[1]->span, "wrong key type")
                     .also(target->key->span, "the key is declared here"));
      }
      return id ? non_null(id->type) : Type::make(TypeKind::kString);
    }
    report(diag::Diagnostic::error("E0307", "domain `" + domain->text + "` has no key on system `" + env.target_system + "`")
               .at(domain->span, "cannot resolve to a `" + env.target_system + "` record")
               .also(target->key->span, "the key is declared here"));
    return error_type();
  }

  if (name == "changed") {
    e->ref = NameRef::kBuiltin;
    if (!arity(1, 1)) return error_type();
    return check_changed(e, env);
  }

  // User functions shadow nothing: a name is either built in or user-defined (E0109 otherwise).
  if (auto it = env.scope ? env.scope->functions.find(name) : decltype(env.scope->functions.end()){};
      env.scope && it != env.scope->functions.end()) {
    FunctionDecl* fn = it->second;
    fn->used = true;
    e->function = fn;
    e->ref = NameRef::kUserFunction;
    if (auto imp = env.scope->import_used.find(name); imp != env.scope->import_used.end()) imp->second = true;
    if (current_function_) calls_[current_function_].push_back({fn, e->name_span});
    auto sig = program_.function_types.find(fn);
    if (!arity(fn->params.size(), fn->params.size())) return error_type();
    if (sig == program_.function_types.end()) return error_type();
    for (size_t i = 0; i < args.size(); ++i) {
      TypePtr want = sig->second.first[i];
      // An argument reaching `omit` leaves out the field the call stands in (the body never sees it).
      check_assignable(args[i].get(), want, env, "argument `" + fn->params[i].name.text + "` of `" + name + "`",
                       want && !want->optional, /*omit_context=*/nullptr);
    }
    if (e->bang)
      report(diag::Diagnostic::error("E0204", "`!` after `" + name + "`, which cannot fail").at(e->span, "user functions are infallible"));
    return sig->second.second ? sig->second.second : error_type();
  }

  if (std::find(kBuiltins.begin(), kBuiltins.end(), name) == kBuiltins.end()) {
    if (env.scope && (env.scope->unresolved_import_all || env.scope->unresolved_imports.count(name))) {
      for (auto& a : args) check(a.get(), env);
      return error_type();  // the failed import was reported
    }
    std::vector<std::string> names = kBuiltins;
    if (env.scope)
      for (auto& [n, f] : env.scope->functions) names.push_back(n);
    auto d = diag::Diagnostic::error("E0107", "unknown function `" + name + "`").at(e->name_span, "not a built-in or declared function");
    if (auto h = did_you_mean(name, names); !h.empty()) d.with_help(h);
    report(std::move(d));
    for (auto& a : args) check(a.get(), env);
    return error_type();
  }
  e->ref = NameRef::kBuiltin;
  // Key functions (`x => key`) and sort orders need the list's element type first.
  if (name == "sort" || name == "sort_by" || name == "distinct" || name == "group_by") return check_list_call(e, env);

  // round(x, scale, mode): the mode is a bare name, not a field.
  std::vector<TypePtr> types;
  for (size_t i = 0; i < args.size(); ++i) {
    Expr* a = args[i].get();
    if (name == "round" && i == 2 && a && a->kind == ExprKind::kName) {
      a->ref = NameRef::kRoundingMode;
      if (!kRoundingModes.count(a->text)) {
        std::vector<std::string> modes(kRoundingModes.begin(), kRoundingModes.end());
        auto d = diag::Diagnostic::error("E0204", "unknown rounding mode `" + a->text + "`").at(a->span, "not a rounding mode");
        if (auto h = did_you_mean(a->text, modes); !h.empty()) d.with_help(h);
        report(std::move(d));
      }
      types.push_back(Type::make(TypeKind::kString));
      continue;
    }
    types.push_back(check(a, env));
  }
  for (auto& t : types)
    if (is_error(t)) return error_type();
  bool any_optional = std::any_of(types.begin(), types.end(), [](auto& t) { return may_be_null(t); });
  auto nullable = [&](TypePtr t) { return Type::with_optional(t, any_optional); };
  auto stringlike = [&](size_t i) { return types[i]->is_stringlike(); };
  auto fallible = [&](bool can_fail) { call.fallible(can_fail); };
  if (name == "matches" || name == "regex_replace" || name == "regex_capture") return check_regex_call(e, types);
  if (name == "pad_left" || name == "pad_right" || name == "parse_json") return check_text_call(e, types);

  if (name == "lower" || name == "upper" || name == "trim") {
    if (!arity(1, 1)) return error_type();
    if (!stringlike(0)) return bad_arg(0, types[0], "a string");
    fallible(false);
    return nullable(Type::make(TypeKind::kString));
  }
  if (name == "len") {
    if (!arity(1, 1)) return error_type();
    if (!stringlike(0) && types[0]->kind != TypeKind::kList) return bad_arg(0, types[0], "a string or a list");
    fallible(false);
    return nullable(Type::make(TypeKind::kInt));
  }
  if (name == "substr") {
    if (!arity(2, 3)) return error_type();
    if (!stringlike(0)) return bad_arg(0, types[0], "a string");
    for (size_t i = 1; i < args.size(); ++i)
      if (types[i]->kind != TypeKind::kInt) return bad_arg(i, types[i], "an int");
    fallible(false);
    return nullable(Type::make(TypeKind::kString));
  }
  if (name == "replace" || name == "contains" || name == "starts_with" || name == "ends_with" || name == "split") {
    size_t n = name == "replace" ? 3 : 2;
    if (!arity(n, n)) return error_type();
    for (size_t i = 0; i < n; ++i)
      if (!stringlike(i)) return bad_arg(i, types[i], "a string");
    fallible(false);
    if (name == "replace") return nullable(Type::make(TypeKind::kString));
    if (name == "split") return nullable(Type::make_list(Type::make(TypeKind::kString)));
    return nullable(Type::make(TypeKind::kBool));
  }
  if (name == "join") {
    if (!arity(2, 2)) return error_type();
    if (!is_list_of(types[0], [](const Type& t) { return t.is_stringlike(); })) return bad_arg(0, types[0], "a list of strings");
    if (!stringlike(1)) return bad_arg(1, types[1], "a string separator");
    fallible(false);
    return nullable(Type::make(TypeKind::kString));
  }
  if (name == "string") {
    if (!arity(1, 2)) return error_type();
    if (args.size() == 2 && !check_zone_arg(e, 1, types[0], {TypeKind::kTimestamp})) return error_type();
    if (types[0]->kind == TypeKind::kList || types[0]->kind == TypeKind::kStruct || types[0]->kind == TypeKind::kMeta)
      return bad_arg(0, types[0], "a scalar");
    fallible(false);
    return nullable(Type::make(TypeKind::kString));
  }
  if (name == "int" || name == "decimal" || name == "float") {
    if (!arity(1, 1)) return error_type();
    TypeKind from = types[0]->kind;
    bool ok = types[0]->is_numeric() || types[0]->is_stringlike() || from == TypeKind::kAny;
    if (!ok) return bad_arg(0, types[0], "a number or a string");
    // Text and untyped values may not parse; decimal -> int fails on fractions.
    bool can_fail = types[0]->is_stringlike() || from == TypeKind::kAny ||
                    (name == "int" && (from == TypeKind::kDecimal || from == TypeKind::kFloat));
    fallible(can_fail);
    TypeKind to = name == "int" ? TypeKind::kInt : name == "decimal" ? TypeKind::kDecimal : TypeKind::kFloat;
    return nullable(Type::make(to));
  }
  if (name == "date" || name == "timestamp") {
    if (!arity(1, 2)) return error_type();
    // A zone reads the value on that zone's clocks: an instant's local date, a local text's instant.
    // timestamp(ts, zone) reads a timestamp taken from text without an offset (WooCommerce's site-time
    // `date_created`, which reads as if it were UTC) as the wall-clock time in the zone.
    std::vector<TypeKind> zoned = {TypeKind::kTimestamp, TypeKind::kString, TypeKind::kAny};
    if (name == "timestamp") zoned.push_back(TypeKind::kDate);
    if (args.size() == 2 && !check_zone_arg(e, 1, types[0], zoned)) return error_type();
    TypeKind from = types[0]->kind;
    bool ok = from == TypeKind::kDate || from == TypeKind::kTimestamp || types[0]->is_stringlike() || from == TypeKind::kAny;
    if (!ok) return bad_arg(0, types[0], "a date, a timestamp or a string");
    fallible(types[0]->is_stringlike() || from == TypeKind::kAny);
    return nullable(Type::make(name == "date" ? TypeKind::kDate : TypeKind::kTimestamp));
  }
  if (name == "format_date") {
    if (!arity(2, 3)) return error_type();
    if (types[0]->kind != TypeKind::kDate && types[0]->kind != TypeKind::kTimestamp) return bad_arg(0, types[0], "a date or timestamp");
    if (!stringlike(1)) return bad_arg(1, types[1], "a format string");
    if (!check_time_format(args[1].get())) return error_type();
    if (args.size() == 3 && !check_zone_arg(e, 2, types[0], {TypeKind::kTimestamp})) return error_type();
    fallible(false);
    return nullable(Type::make(TypeKind::kString));
  }
  if (name == "add_days") {
    if (!arity(2, 2)) return error_type();
    if (types[0]->kind != TypeKind::kDate && types[0]->kind != TypeKind::kTimestamp) return bad_arg(0, types[0], "a date or timestamp");
    if (types[1]->kind != TypeKind::kInt) return bad_arg(1, types[1], "an int");
    fallible(false);
    return nullable(non_null(types[0]));
  }
  if (name == "round") {
    if (!arity(2, 3)) return error_type();
    if (types[0]->kind == TypeKind::kFloat)
      return bad_arg(0, types[0], "a decimal (round floats after `decimal(x)`: rounding binary floats is not exact)");
    if (!types[0]->is_numeric()) return bad_arg(0, types[0], "a decimal");
    if (types[1]->kind != TypeKind::kInt) return bad_arg(1, types[1], "an int scale");
    fallible(false);
    return nullable(Type::make(TypeKind::kDecimal));
  }
  if (name == "abs") {
    if (!arity(1, 1)) return error_type();
    if (!types[0]->is_numeric()) return bad_arg(0, types[0], "a number");
    fallible(false);
    return types[0];
  }
  if (name == "sum" || name == "avg" || ((name == "min" || name == "max") && args.size() == 1)) {
    if (!arity(1, 1)) return error_type();
    bool numeric_list = is_list_of(types[0], [](const Type& t) { return t.is_numeric(); });
    bool ordered_list = is_list_of(types[0], [](const Type& t) {
      return t.is_numeric() || t.is_stringlike() || t.kind == TypeKind::kDate || t.kind == TypeKind::kTimestamp;
    });
    if (name == "sum" || name == "avg" ? !numeric_list : !ordered_list)
      return bad_arg(0, types[0], name == "sum" || name == "avg" ? "a list of numbers" : "a list of comparable values");
    fallible(false);
    TypePtr element = non_null(types[0]->element);
    if (element->optional || types[0]->element->optional)
      report(diag::Diagnostic::error("E0205", "`" + name + "` over values that may be null").at(args[0]->span, "some elements may be null")
                 .with_help("use `for x in xs => x.field ?? 0` to choose what null counts as"));
    if (name == "avg" && element->kind == TypeKind::kInt) element = Type::make(TypeKind::kDecimal);
    // sum of nothing is 0; min, max and avg of nothing are null.
    return Type::with_optional(element, name != "sum");
  }
  if (name == "min" || name == "max" || name == "coalesce") {
    if (args.size() < 2) return arity(2, 64), error_type();
    TypePtr u = types[0];
    for (size_t i = 1; i < types.size(); ++i) {
      Fit fit;
      TypePtr next = unify(name == "coalesce" ? non_null(u) : u, types[i], &fit);
      if (!next) {
        if (fit == Fit::kMoneyFloat)
          report(diag::Diagnostic::error("E0202", "`" + name + "` mixes exact decimal and binary floating point").at(e->span, "arguments differ"));
        else
          bad_arg(i, types[i], quoted(u));
        return error_type();
      }
      u = next;
    }
    fallible(false);
    if (name == "coalesce") return Type::with_optional(u, may_be_null(types.back()));
    return u;
  }
  if (name == "count") {
    if (!arity(1, 1)) return error_type();
    if (types[0]->kind != TypeKind::kList) return bad_arg(0, types[0], "a list");
    fallible(false);
    return Type::make(TypeKind::kInt);
  }
  if (name == "any" || name == "all") {
    if (!arity(1, 1)) return error_type();
    if (!is_list_of(types[0], [](const Type& t) { return t.kind == TypeKind::kBool; })) return bad_arg(0, types[0], "a list of bools");
    fallible(false);
    return Type::make(TypeKind::kBool);
  }
  if (name == "first" || name == "last") {
    if (!arity(1, 1)) return error_type();
    if (types[0]->kind != TypeKind::kList) return bad_arg(0, types[0], "a list");
    fallible(false);
    return Type::with_optional(types[0]->element, true);
  }
  return error_type();
}

TypePtr Sema::check_index(Expr* e, Env& env) {
  Expr* base = e->operands[0].get();
  Expr* index = e->operands[1].get();
  // t[x]: a value table, unless a local or field has that name.
  const schema::FieldSchema* field = base && base->kind == ExprKind::kName && env.record ? env.record->find(base->text) : nullptr;
  bool indexable_field = field && (field->type->kind == TypeKind::kList || field->type->kind == TypeKind::kMeta);
  if (base && base->kind == ExprKind::kName && env.scope && !env.find_local(base->text) && !indexable_field &&
      !field && !env.scope->tables.count(base->text) && !env.system_paths) {
    if (env.scope->unresolved_import_all || env.scope->unresolved_imports.count(base->text)) {
      check(index, env);
      return error_type();  // the failed import was reported
    }
    std::vector<std::string> tables;
    for (auto& [n, t] : env.scope->tables) tables.push_back(n);
    auto d = diag::Diagnostic::error("E0106", "unknown table `" + base->text + "`").at(base->span, "not a declared or imported table");
    if (auto h = did_you_mean(base->text, tables); !h.empty()) {
      d.with_help(h);
      // The misspelt lookup is the table's use: warning that the suggested table is unused would echo this error.
      env.scope->tables[suggest(base->text, tables)]->used = true;
    }
    report(std::move(d));
    check(index, env);
    return error_type();
  }
  if (base && base->kind == ExprKind::kName && env.scope && !env.find_local(base->text) && !indexable_field &&
      env.scope->tables.count(base->text)) {
    TableDecl* table = env.scope->tables[base->text];
    table->used = true;
    e->table = table;
    base->ref = NameRef::kTable;
    if (auto imp = env.scope->import_used.find(base->text); imp != env.scope->import_used.end()) imp->second = true;
    auto types = program_.table_types.find(table);
    TypePtr key = check(index, env);
    note_table_lookup(*table, index, env);
    if (types == program_.table_types.end() || is_error(key)) return error_type();
    auto [key_type, value_type] = types->second;
    if (!is_error(key_type) && fits(*key, *key_type) != Fit::kOk) {
      report(diag::Diagnostic::error("E0201", "table `" + table->name.text + "` maps " + quoted(key_type) + ", not " + quoted(key))
                 .at(index->span, "wrong key type"));
      return error_type();
    }
    bool has_default = std::any_of(table->entries.begin(), table->entries.end(), [](auto& en) { return en.is_default; });
    // Looking up an enum in a string-keyed table: every enum value needs a row, or a default.
    if (!has_default && key->kind == TypeKind::kEnum && key_type && key_type->kind != TypeKind::kEnum) {
      std::vector<std::string> missing;
      for (auto& v : key->enum_values) {
        bool found = false;
        for (auto& en : table->entries)
          for (auto& k : en.keys)
            if (k && k->text == v) found = true;
        if (!found) missing.push_back(v);
      }
      if (!missing.empty()) {
        std::string list;
        for (auto& m : missing) list += (list.empty() ? "\"" : ", \"") + m + "\"";
        report(diag::Diagnostic::error("E0206", "table `" + table->name.text + "` does not cover every value of " + quoted(key))
                   .at(index->span, "looked up with this enum")
                   .also(table->name.span, "table declared here")
                   .note("missing: " + list)
                   .with_help("add rows for the missing values, or a `default => ...` row"));
      }
    }
    if (auto row = omitting_tables_.find(table); row != omitting_tables_.end()) {
      e->omits = true;
      e->omit_at = e->span;
    }
    // Without a default, an unlisted key rejects the record at run time: not null.
    return Type::with_optional(value_type, value_type->optional);
  }
  TypePtr bt = check(base, env);
  TypePtr it = check(index, env);
  if (is_error(bt) || is_error(it)) return error_type();
  if (bt->kind == TypeKind::kMeta) {
    if (index->kind != ExprKind::kLiteral || index->literal_kind != LiteralKind::kString) {
      report(diag::Diagnostic::error("E0201", "meta_data is read by a literal key").at(index->span, "expected a string literal"));
      return error_type();
    }
    // Declared with `extend ... { meta "key": type }`? Otherwise the value is untyped JSON.
    if (env.system && base->kind == ExprKind::kName) {
      auto rec = env.system->meta_keys.find(env.record_name);
      if (rec != env.system->meta_keys.end()) {
        auto key = rec->second.find(index->text);
        if (key != rec->second.end()) return key->second;
      }
    }
    return Type::make(TypeKind::kAny, true);
  }
  if (bt->kind == TypeKind::kAny) return check_any_index(e, it);
  if (bt->kind == TypeKind::kList) {
    if (it->kind != TypeKind::kInt) {
      report(diag::Diagnostic::error("E0201", "lists are indexed by int, found " + quoted(it)).at(index->span, "not an int"));
      return error_type();
    }
    return Type::with_optional(bt->element, true);
  }
  if (base && base->kind == ExprKind::kName && base->ref == NameRef::kUnresolved) return error_type();
  std::vector<std::string> tables;
  if (env.scope)
    for (auto& [n, t] : env.scope->tables) tables.push_back(n);
  auto d = diag::Diagnostic::error("E0201", "cannot index a value of type " + quoted(bt)).at(e->span, "not a table, list or meta_data");
  report(std::move(d));
  return error_type();
}

}  // namespace syncloom::frontend::detail
