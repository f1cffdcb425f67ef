// Workflow correlation: the instance key over the start record (E0407) and each await's `by` (E0408, E0409).
#include "types.hpp"

namespace syncloom::frontend::detail {
namespace {

/// Keys are compared as canonical text (docs/language.md section 13): strings and ints only.
bool key_kind(TypeKind k) { return k == TypeKind::kString || k == TypeKind::kInt; }

/// "a `decimal`", "an `int`".
std::string a_type(const TypePtr& t) {
  std::string name = t->to_string();
  bool vowel = !name.empty() && std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return std::string(vowel ? "an `" : "a `") + name + "`";
}

}  // namespace

void Sema::check_instance_key(WorkflowDecl& w, const std::string& start_record) {
  if (start_record.empty()) return;  // no start, or unknown topics: reported already
  Env env = trigger_env(start_record);
  if (!env.record) return;
  env.start = record_type(start_record);
  env.start_label = start_record;
  Expr* key = w.key.get();
  if (!key) {
    // Without `key`, the start record's identifier: what its system calls it, when its schema says.
    const schema::RecordSchema* rec = env.system->schema->find_record(env.record_name);
    if (!rec || rec->id_field.empty() || !env.record->find(rec->id_field)) {
      report(diag::Diagnostic::error("E0407", "workflow `" + w.name.text + "` has no instance key: " + start_record +
                                                  " has no id field")
                 .at(w.name.span, "instances cannot be told apart")
                 .note("an await's `by` finds its instance by this key")
                 .with_help("add `key FIELD`, a field of " + start_record + " that is unique per instance"));
      return;
    }
    w.implicit_key = std::make_unique<Expr>();
    w.implicit_key->kind = ExprKind::kName;
    w.implicit_key->span = w.start_span;
    w.implicit_key->text = rec->id_field;
    w.implicit_key->name_span = w.start_span;
    key = w.implicit_key.get();
  }
  TypePtr t = check(key, env);
  require_handled(key, "in a workflow `key`");
  if (!is_error(t) && !key_kind(t->kind))
    report(diag::Diagnostic::error("E0407", "the instance key of workflow `" + w.name.text + "` is " + a_type(t) +
                                                ", not a string or an int")
               .at(key->span, w.key ? "not a string or an int" : "the default key, " + start_record + "." + key->text)
               .note("instance keys are compared as text, so only strings and ints can be keys")
               .with_help(w.key ? "key the workflow on a string or an int field, or convert with `string(...)`"
                                : "add `key FIELD` with a string or an int field of " + start_record));
}

void Sema::check_await_by(AwaitStmt& a, const WorkflowDecl& w, const std::string& record) {
  const Expr* key = w.instance_key();
  if (!a.by) {
    Span at{a.span.file, a.span.begin, a.topics.empty() ? a.system.span.end : a.topics.back().span.end};
    auto d = diag::Diagnostic::error("E0408", "this `await` does not say which instance its event belongs to").at(at, "no `by`");
    d.note("an awaited event resumes the instance whose key its `by` value equals");
    if (key && !record.empty())
      d.with_help("add `by EXPR`, what in " + record + " holds the instance key (`" + key->text + "` of " + w.start_record + ")");
    else
      d.with_help("add `by EXPR` after the topics");
    report(std::move(d));
    return;
  }
  if (record.empty()) return;
  Env env = trigger_env(record);
  if (!env.record) return;
  env.no_start = "a `by` value finds the instance its event belongs to: no start record is known yet";
  TypePtr t = check(a.by.get(), env);
  require_handled(a.by.get(), "in a `by`");
  if (is_error(t)) return;
  TypePtr k = key ? key->type : nullptr;
  bool key_ok = k && !is_error(k) && key_kind(k->kind);
  if (key_kind(t->kind) && (key_ok || !k)) return;
  if (!key_kind(t->kind) || key_ok) {
    auto d = diag::Diagnostic::error("E0409", "`by` gives " + a_type(t) +
                                                  (key_ok ? ", the instance key is " + a_type(k) : ", not a string or an int"))
                 .at(a.by->span, "cannot be compared with the instance key");
    if (key_ok && w.key) d.also(key->span, "the instance key");
    d.note("keys are compared as text: a string and an int match when the string is the int's digits");
    d.with_help("give a string or an int, e.g. `string(...)`");
    report(std::move(d));
  }
}

}  // namespace syncloom::frontend::detail
