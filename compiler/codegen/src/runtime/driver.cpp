// The host side of a compiled flow: decode, call, collect; and the helper symbol table for the JIT.
#include "runtime/driver.hpp"

#include "runtime/decoder.hpp"

namespace syncloom::codegen::rt {
namespace {

bool keeps_everything(const ir::InputField& f) {
  return f.whole || f.shape == ir::InputField::Shape::kValue || f.shape == ir::InputField::Shape::kMeta;
}

/// A fixed block for `field`'s children (names first, then Keys into them: the strings no longer move).
void build(const ir::InputField& field, PlanNode& node) {
  node.keep_all = false;
  for (const auto& child : field.children) {
    node.names.push_back(child.name);
    node.children.emplace_back();
    if (!keeps_everything(child)) build(child, node.children.back());
  }
}

void link_keys(PlanNode& node) {
  node.keys.clear();
  for (const auto& name : node.names) node.keys.push_back(Key{name.data(), name.size()});
  // At most a quarter full, so a key the flow does not read usually lands on an empty bucket.
  size_t size = 8;
  while (size < node.names.size() * 4) size *= 2;
  node.table.assign(size, 0);
  node.mask = uint32_t(size - 1);
  for (size_t i = 0; i < node.names.size(); ++i) {
    uint32_t h = key_hash(node.names[i].data(), node.names[i].size()) & node.mask;
    while (node.table[h]) h = (h + 1) & node.mask;
    node.table[h] = uint16_t(i + 1);
  }
  for (auto& child : node.children) link_keys(child);
}

}  // namespace

std::string expand_where(const char* where, const Ctx& ctx) {
  std::string out;
  int k = 0;
  for (const char* p = where; *p; ++p) {
    if (p[0] == '[' && p[1] == '#' && p[2] == ']') {
      out += '[';
      out += std::to_string(k < kMaxLoopDepth ? ctx.loop_index[k] : 0);
      out += ']';
      ++k;
      p += 2;
    } else {
      out += *p;
    }
  }
  return out;
}

DecodePlan::DecodePlan(const ir::InputField& root) : impl_(std::make_unique<Impl>()) {
  build(root, impl_->root);
  link_keys(impl_->root);
}

DecodePlan::~DecodePlan() = default;

interp::RunResult run_flow(FlowFn fn, const DecodePlan& plan, std::string_view json, const interp::RefResolver* refs,
                           std::optional<std::string_view> previous, const ir::Module* module) {
  interp::RunResult result;
  run_flow(fn, plan, json, refs, result, previous, module);
  return result;
}

void run_flow(FlowFn fn, const DecodePlan& plan, std::string_view json, const interp::RefResolver* refs, interp::RunResult& result,
              std::optional<std::string_view> previous, const ir::Module* module) {
  // Reused across records by streams: clearing keeps the strings' capacity, so no allocation per record.
  result.outcome = interp::Outcome::kRejected;
  result.output.clear();
  result.error_path.clear();
  result.error.clear();
  State& s = thread_state();
  s.reset_record();
  const char* error = nullptr;
  const Node* root = decode(s, *s.input, plan.impl(), json, &error);
  if (!root) {
    result.error = error;
    return;
  }
  Ctx ctx{};
  ctx.state = &s;
  if (previous) {
    // Decoded with the same plan, so the flow's reads of it follow the same fixed-block indices.
    if (!s.previous_input) s.previous_input = std::make_unique<State::Input>();
    ctx.previous = decode(s, *s.previous_input, plan.impl(), *previous, &error);
    if (!ctx.previous) {
      result.error = std::string("the previous version: ") + error;
      return;
    }
  }
  s.refs = refs;
  s.module = module;
  switch (fn(&ctx, root)) {
    case kFlowOutput:
      if (s.write_failed) {  // nothing else failed: the record is rejected for the value it cannot write
        result.outcome = interp::Outcome::kRejected;
        result.error_path = s.write_where;
        result.error = s.write_error;
        break;
      }
      result.outcome = interp::Outcome::kOutput;
      // Swapped, not copied: the two strings trade buffers, and both keep their capacity for later records.
      result.output.swap(s.out);
      break;
    case kFlowFiltered:
      result.outcome = interp::Outcome::kFiltered;
      break;
    default:
      result.outcome = interp::Outcome::kRejected;
      result.error_path = expand_where(s.where, ctx);
      result.error = s.error;
      break;
  }
  s.refs = nullptr;
  s.module = nullptr;
}

interp::IdentityResult run_identity(IdentityFn fn, const DecodePlan& plan, std::string_view json, const interp::RefResolver* refs,
                                    const ir::Module* module) {
  // The identity function is a flow whose output is the parts' JSON texts, one per line.
  interp::RunResult r;
  run_flow(fn, plan, json, refs, r, std::nullopt, module);
  interp::IdentityResult result;
  if (r.outcome != interp::Outcome::kOutput) {
    result.error_path = r.error_path;
    result.error = r.error;
    return result;
  }
  std::vector<std::string> parts;
  for (size_t from = 0;;) {
    size_t end = r.output.find('\n', from);
    parts.push_back(r.output.substr(from, end == std::string::npos ? std::string::npos : end - from));
    if (end == std::string::npos) break;
    from = end + 1;
  }
  // The first line is the key, or empty when the flow has none.
  if (!parts[0].empty()) result.key = parts[0];
  result.idempotency.assign(parts.begin() + 1, parts.end());
  result.ok = true;
  return result;
}

const std::vector<std::pair<const char*, void*>>& helper_symbols() {
#define SLJ(name) {#name, reinterpret_cast<void*>(&name)}
  static const std::vector<std::pair<const char*, void*>> symbols = {
      SLJ(slj_fail),          SLJ(slj_fail_where),    SLJ(slj_write_failed),    SLJ(slj_fail_table),    SLJ(slj_read), SLJ(slj_read_site),
      SLJ(slj_read_path),    SLJ(slj_out_raw),       SLJ(slj_out_value), SLJ(slj_out_items),
      SLJ(slj_out_decimal),   SLJ(slj_out_mark), SLJ(slj_out_truncate), SLJ(slj_out_string_cell), SLJ(slj_out_int_cell), SLJ(slj_out_json_cell), SLJ(slj_out_decimal_cell),
      SLJ(slj_out_cut),      SLJ(slj_decimal_arith), SLJ(slj_decimal_compare), SLJ(slj_decimal_from_int),
      SLJ(slj_concat),       SLJ(slj_compare),       SLJ(slj_equal),         SLJ(slj_list_concat),
      SLJ(slj_list_new),     SLJ(slj_list_push),     SLJ(slj_list_count),    SLJ(slj_list_item),
      SLJ(slj_member), SLJ(slj_member_items),       SLJ(slj_meta_get),      SLJ(slj_decimal_to_float), SLJ(slj_builtin),
      SLJ(slj_string_of_int), SLJ(slj_round),        SLJ(slj_lower),         SLJ(slj_upper),
      SLJ(slj_trim),         SLJ(slj_sum),           SLJ(slj_ref),
  };
#undef SLJ
  return symbols;
}

}  // namespace syncloom::codegen::rt
