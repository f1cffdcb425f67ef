// Workflows at run time: flows reading the start record through the envelope, and the predicates and keys
// the runtime asks of a record (start filter, await filters, step checks, instance key, `by`).
#include <string>

#include "mapping_impl.hpp"

namespace syncloom {
namespace {

Verdict error_verdict(std::string path, std::string message) {
  Verdict v;
  v.kind = Verdict::Kind::kError;
  v.path = std::move(path);
  v.message = std::move(message);
  return v;
}

/// The four hex digits at `at`, or -1.
int32_t hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return -1;
  int32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/// A JSON string's characters, its escapes decoded; nullopt when `json` is not one string.
std::optional<std::string> json_string(std::string_view json) {
  if (json.size() < 2 || json.front() != '"' || json.back() != '"') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < json.size(); ++i) {
    char c = json[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i + 1 > json.size() - 1) return std::nullopt;
    switch (json[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        int32_t high = hex4(json, i + 1);
        if (high < 0) return std::nullopt;
        uint32_t cp = uint32_t(high);
        i += 4;
        // A surrogate pair (the output writer escapes only control characters, but be complete).
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < json.size() && json[i + 1] == '\\' && json[i + 2] == 'u') {
          int32_t low = hex4(json, i + 3);
          if (low < 0xDC00 || low > 0xDFFF) return std::nullopt;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (uint32_t(low) - 0xDC00);
          i += 6;
        }
        if (cp < 0x80) {
          out += char(cp);
        } else if (cp < 0x800) {
          out += char(0xC0 | (cp >> 6));
          out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
          out += char(0xE0 | (cp >> 12));
          out += char(0x80 | ((cp >> 6) & 0x3F));
          out += char(0x80 | (cp & 0x3F));
        } else {
          out += char(0xF0 | (cp >> 18));
          out += char(0x80 | ((cp >> 12) & 0x3F));
          out += char(0x80 | ((cp >> 6) & 0x3F));
          out += char(0x80 | (cp & 0x3F));
        }
        break;
      }
      default: return std::nullopt;
    }
  }
  return out;
}

}  // namespace

void Mapping::Impl::run(size_t flow, std::string_view json, const RunContext& context, RecordResult& result) const {
  auto engine_run = [&](std::string_view input) {
    if (native(flow)) jit->run(flow, input, context.refs, result, context.previous);
    else result = interpreter->run(flow, input, context.refs, context.previous);
  };
  if (!module.flows[flow].reads_start) return engine_run(json);
  if (!context.start) {
    result = RecordResult{};
    result.outcome = Outcome::kRejected;
    result.error_path = "start";
    result.error = "this flow reads the workflow's start record (`start`), and none was given";
    return;
  }
  std::string error, error_path;
  std::optional<std::string> envelope = ir::make_start_envelope(json, *context.start, &error, &error_path);
  if (!envelope) {
    result = RecordResult{};
    result.outcome = Outcome::kRejected;
    result.error_path = std::move(error_path);
    result.error = std::move(error);
    return;
  }
  engine_run(*envelope);
  if (result.outcome == Outcome::kRejected) {
    result.error_path = ir::spell_start_path(std::move(result.error_path));
    result.error = ir::spell_start_path(std::move(result.error));
  }
}

Identity Mapping::Impl::identity(size_t flow, std::string_view json, const RefResolver* refs) const {
  if (native(flow) && jit->identity_compiled(flow)) return jit->identity(flow, json, refs);
  return interpreter->identity(flow, json, refs);
}

namespace {

/// The flow of a workflow's predicate or key (-1: none), or an error naming the index that is out of range.
struct Lookup {
  int32_t flow = -1;
  std::string error;
};

Lookup find_code(const ir::Module& m, size_t workflow, std::optional<size_t> step, std::optional<size_t> await,
                 int32_t (*pick)(const ir::WorkflowCode&, const ir::WorkflowCode::Step*, size_t)) {
  if (workflow >= m.workflows.size()) return {-1, "no workflow " + std::to_string(workflow) + " in this mapping"};
  const ir::WorkflowCode& code = m.workflows[workflow];
  const ir::WorkflowCode::Step* s = nullptr;
  if (step) {
    if (*step >= code.steps.size()) return {-1, "workflow " + std::to_string(workflow) + " has no step " + std::to_string(*step)};
    s = &code.steps[*step];
    if (await && *await >= s->await_keys.size())
      return {-1, "step " + std::to_string(*step) + " has no await " + std::to_string(*await)};
  }
  return {pick(code, s, await.value_or(0)), ""};
}

}  // namespace

// What a kFilter flow's outcome says: kOutput holds, kFiltered does not, kRejected could not be evaluated.
Verdict Mapping::Impl::filter(int32_t flow, std::string_view json, const RunContext& context) const {
  if (flow < 0) return Verdict{Verdict::Kind::kPass, "", "", 0};
  RecordResult r;
  run(size_t(flow), json, context, r);
  if (r.outcome == Outcome::kOutput) return Verdict{Verdict::Kind::kPass, "", "", 0};
  if (r.outcome == Outcome::kFiltered) return Verdict{Verdict::Kind::kFail, "", "", 0};
  return error_verdict(r.error_path, r.error);
}

CorrelationKey Mapping::Impl::key_text(int32_t flow, std::string_view json, const char* what) const {
  CorrelationKey out;
  if (flow < 0) {
    out.error = std::string("this mapping computes no ") + what;
    return out;
  }
  Identity id = identity(size_t(flow), json, nullptr);
  if (!id.ok || !id.key) {
    out.path = id.error_path == "key" ? "" : id.error_path;
    out.error = id.ok ? std::string("no ") + what : id.error;
    return out;
  }
  const std::string& text = *id.key;
  if (text == "null") {
    out.error = std::string("the ") + what + " is null";
    return out;
  }
  // Canonical text: a string's characters; an int's digits as JSON writes them (no quotes, no exponent).
  if (!text.empty() && text.front() == '"') {
    std::optional<std::string> s = json_string(text);
    if (!s) {
      out.error = "the " + std::string(what) + " is not a valid JSON string: " + text;
      return out;
    }
    out.text = std::move(*s);
  } else {
    out.text = text;
  }
  out.ok = true;
  return out;
}

Verdict Mapping::start_filter(size_t workflow, std::string_view record, const RunContext& context) const {
  Lookup l = find_code(impl_->module, workflow, std::nullopt, std::nullopt,
                       [](const ir::WorkflowCode& c, const ir::WorkflowCode::Step*, size_t) { return c.start_filter; });
  if (!l.error.empty()) return error_verdict("", l.error);
  return impl_->filter(l.flow, record, context);
}

Verdict Mapping::await_filter(size_t workflow, size_t step, size_t await, std::string_view record, const RunContext& context) const {
  Lookup l = find_code(impl_->module, workflow, step, await,
                       [](const ir::WorkflowCode&, const ir::WorkflowCode::Step* s, size_t a) { return s->await_filters[a]; });
  if (!l.error.empty()) return error_verdict("", l.error);
  return impl_->filter(l.flow, record, context);
}

Verdict Mapping::step_checks(size_t workflow, size_t step, std::string_view start, const RunContext& context) const {
  Lookup l = find_code(impl_->module, workflow, step, std::nullopt,
                       [](const ir::WorkflowCode&, const ir::WorkflowCode::Step*, size_t) { return int32_t(-1); });
  if (!l.error.empty()) return error_verdict("", l.error);
  const auto& checks = impl_->module.workflows[workflow].steps[step].checks;
  const StepPlan& plan = plan_.workflows[workflow].steps[step];
  for (size_t i = 0; i < checks.size(); ++i) {
    Verdict v = impl_->filter(checks[i], start, context);
    if (v.kind == Verdict::Kind::kPass) continue;
    if (v.kind == Verdict::Kind::kFail) {
      v.check = i;
      v.message = plan.checks.at(i).message;
    }
    return v;
  }
  return Verdict{Verdict::Kind::kPass, "", "", 0};
}

CorrelationKey Mapping::instance_key(size_t workflow, std::string_view start) const {
  Lookup l = find_code(impl_->module, workflow, std::nullopt, std::nullopt,
                       [](const ir::WorkflowCode& c, const ir::WorkflowCode::Step*, size_t) { return c.key; });
  if (!l.error.empty()) return CorrelationKey{false, "", "", l.error};
  return impl_->key_text(l.flow, start, "instance key");
}

CorrelationKey Mapping::await_key(size_t workflow, size_t step, size_t await, std::string_view record) const {
  Lookup l = find_code(impl_->module, workflow, step, await,
                       [](const ir::WorkflowCode&, const ir::WorkflowCode::Step* s, size_t a) { return s->await_keys[a]; });
  if (!l.error.empty()) return CorrelationKey{false, "", "", l.error};
  return impl_->key_text(l.flow, record, "`by` value");
}

}  // namespace syncloom
