// SyncPlan::to_json: the plan as indented JSON for `syncloom compile --emit plan`.
#include <cstdio>

#include "syncloom/sync_plan.hpp"
#include "syncloom/interp/value.hpp"

namespace syncloom {
namespace {

/// A JSON value under construction: enough of a tree to print it indented, scalar lists on one line.
struct Json {
  enum class Kind : uint8_t { kNull, kBool, kInt, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  std::string string;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  Json() = default;
  Json(bool b) : kind(Kind::kBool), boolean(b) {}
  Json(int64_t i) : kind(Kind::kInt), integer(i) {}
  Json(size_t i) : kind(Kind::kInt), integer(int64_t(i)) {}
  Json(std::string s) : kind(Kind::kString), string(std::move(s)) {}
  Json(const char* s) : kind(Kind::kString), string(s) {}
  Json(const std::vector<std::string>& list) : kind(Kind::kArray) {
    for (const auto& s : list) items.emplace_back(s);
  }
  static Json object() { return array_or_object(Kind::kObject); }
  static Json array() { return array_or_object(Kind::kArray); }
  Json& set(std::string key, Json value) {
    members.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Json& add(Json value) {
    items.push_back(std::move(value));
    return *this;
  }

 private:
  static Json array_or_object(Kind k) {
    Json j;
    j.kind = k;
    return j;
  }
};

void quote(std::string& out, const std::string& s) { interp::append_json_string(s, out); }

bool scalar(const Json& j) { return j.kind != Json::Kind::kArray && j.kind != Json::Kind::kObject; }

void print(std::string& out, const Json& j, int indent) {
  std::string pad(size_t(indent + 2), ' ');
  switch (j.kind) {
    case Json::Kind::kNull: out += "null"; return;
    case Json::Kind::kBool: out += j.boolean ? "true" : "false"; return;
    case Json::Kind::kInt: out += std::to_string(j.integer); return;
    case Json::Kind::kString: quote(out, j.string); return;
    case Json::Kind::kArray: {
      bool inline_list = true;
      for (const auto& i : j.items) inline_list = inline_list && scalar(i);
      out += '[';
      for (size_t i = 0; i < j.items.size(); ++i) {
        out += i ? (inline_list ? ", " : ",\n" + pad) : (inline_list ? "" : "\n" + pad);
        print(out, j.items[i], indent + 2);
      }
      if (!inline_list && !j.items.empty()) out += "\n" + std::string(size_t(indent), ' ');
      out += ']';
      return;
    }
    case Json::Kind::kObject:
      out += '{';
      for (size_t i = 0; i < j.members.size(); ++i) {
        out += (i ? ",\n" : "\n") + pad;
        quote(out, j.members[i].first);
        out += ": ";
        print(out, j.members[i].second, indent + 2);
      }
      if (!j.members.empty()) out += "\n" + std::string(size_t(indent), ' ');
      out += '}';
      return;
  }
}

Json schedule(const Schedule& s) {
  Json j = Json::object().set("kind", s.kind == Schedule::Kind::kCron ? "cron" : "every");
  if (s.kind == Schedule::Kind::kCron) j.set("cron", s.cron);
  else j.set("every_ms", s.every_ms);
  return j.set("text", s.text);
}

Json retry(const RetryPolicy& r) {
  return Json::object()
      .set("attempts", r.attempts)
      .set("backoff_min_ms", r.backoff_min_ms)
      .set("backoff_max_ms", r.backoff_max_ms)
      .set("then", "dead_letter")
      .set("declared", r.declared)
      .set("backoff_declared", r.backoff_declared)
      .set("text", r.text);
}

Json flows(const std::vector<PlanFlow>& list) {
  Json out = Json::array();
  for (const auto& f : list)
    out.add(Json::object()
                .set("selector", f.info.selector())
                .set("index", f.index)
                .set("source", f.info.source)
                .set("target", f.info.target)
                .set("write", write_mode_name(f.write))
                .set("target_key", f.target_key)
                .set("has_key", f.has_key)
                .set("idempotency_parts", f.idempotency_parts)
                .set("has_filter", f.has_filter)
                .set("reads_start", f.reads_start));
  return out;
}

Json key_side(const KeySide& k) {
  return Json::object().set("system", k.system).set("record", k.record).set("field", k.field).set("text", k.text);
}

Json event(const EventMatch& e) {
  return Json::object()
      .set("system", e.system)
      .set("topics", e.topics)
      .set("record", e.record)
      .set("has_filter", e.has_filter)
      .set("filter_text", e.filter_text)
      .set("filter_reads_start", e.filter_reads_start);
}

Json domain_json(const DomainPlan& d) {
  Json j = Json::object().set("name", d.name).set("owner", d.owner);
  j.set("key", d.key ? Json::object().set("source", key_side(d.key->source)).set("target", key_side(d.key->target)) : Json());
  Json owners = Json::array();
  for (const auto& o : d.field_owners) owners.add(Json::object().set("record", o.record).set("field", o.field).set("owner", o.owner));
  j.set("field_owners", std::move(owners)).set("flows", flows(d.flows));
  Json triggers = Json::array();
  for (const auto& t : d.triggers)
    triggers.add(Json::object()
                     .set("kind", trigger_kind_name(t.kind))
                     .set("system", t.system)
                     .set("topics", t.topics)
                     .set("schedule", t.schedule ? schedule(*t.schedule) : Json())
                     .set("statement", t.statement)
                     .set("has_filter", t.has_filter)
                     .set("filter_text", t.filter_text)
                     .set("filter_record", t.filter_record));
  j.set("triggers", std::move(triggers)).set("idempotency", d.idempotency).set("retry", retry(d.retry));
  j.set("conflict", Json::object()
                        .set("kind", conflict_kind_name(d.conflict.kind))
                        .set("by_text", d.conflict.by_text)
                        .set("by_record", d.conflict.by_record)
                        .set("by_path", d.conflict.by_path)
                        .set("fields", d.conflict.fields)
                        .set("declared", d.conflict.declared));
  Json reconciles = Json::array();
  for (const auto& r : d.reconciles) reconciles.add(Json::object().set("schedule", schedule(r.schedule)).set("fields", r.fields));
  return j.set("reconciles", std::move(reconciles)).set("checks", d.checks);
}

Json workflow_json(const WorkflowPlan& w) {
  Json steps = Json::array();
  for (const auto& s : w.steps) {
    Json awaits = Json::array();
    for (const auto& a : s.awaits)
      awaits.add(event(a.event).set("timeout_ms", a.timeout_ms ? Json(*a.timeout_ms) : Json()).set("by_text", a.by_text));
    Json checks = Json::array();
    for (const auto& c : s.checks) checks.add(Json::object().set("text", c.text).set("message", c.message));
    steps.add(Json::object()
                  .set("name", s.name)
                  .set("awaits", std::move(awaits))
                  .set("flows", flows(s.flows))
                  .set("checks", std::move(checks))
                  .set("retry", retry(s.retry)));
  }
  Json key = Json::object().set("text", w.key.text).set("declared", w.key.declared).set("type", w.key.type);
  return Json::object()
      .set("name", w.name)
      .set("start", event(w.start))
      .set("key", std::move(key))
      .set("retry", retry(w.retry))
      .set("steps", std::move(steps));
}

}  // namespace

std::string SyncPlan::to_json() const {
  Json root = Json::object().set("mapping", mapping).set("version", version);
  Json list = Json::array();
  for (const auto& s : systems) list.add(Json::object().set("name", s.name).set("kind", s.kind).set("topics", s.topics));
  root.set("systems", std::move(list));
  list = Json::array();
  for (const auto& d : domains) list.add(domain_json(d));
  root.set("domains", std::move(list));
  list = Json::array();
  for (const auto& w : workflows) list.add(workflow_json(w));
  root.set("workflows", std::move(list));
  std::string out;
  print(out, root, 0);
  return out + "\n";
}

}  // namespace syncloom
