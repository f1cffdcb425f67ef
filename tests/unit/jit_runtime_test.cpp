// The JIT runtime (compiler/codegen/src/runtime) against the interpreter as its oracle: small flows are
// built twice, as IR for the interpreter and as hand-written "generated code" over the slj_* helpers, and
// must agree byte for byte (output, error path, error) on the same records.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <thread>

#include "runtime/abi.hpp"
#include "runtime/driver.hpp"
#include "runtime/state.hpp"
#include "syncloom/interp/bridge.hpp"
#include "syncloom/interp/interpreter.hpp"
#include "syncloom/ir/module.hpp"

using namespace syncloom;
namespace rt = syncloom::codegen::rt;
using rt::Cell;
using rt::Ctx;
using rt::Node;

namespace {

using ir::Kind;
using ir::Type;

/// A type code next to the IR type it spells, written independently of the runtime's code parser.
struct Typed {
  std::string code;
  ir::TypeRef type;
};
Typed scalar(const char* code, Kind k) { return {code, Type::scalar(k, code[0] == '?')}; }
Typed list_of(const char* prefix, const Typed& element) { return {prefix + element.code, Type::list(element.type, prefix[0] == '?')}; }

std::string result_text(const interp::RunResult& r) {
  const char* outcome = r.outcome == interp::Outcome::kOutput ? "output" : r.outcome == interp::Outcome::kFiltered ? "filtered" : "rejected";
  return std::string(outcome) + " | " + r.output + " | " + r.error_path + " | " + r.error;
}

ir::NodePtr input(const std::vector<std::string>& path, ir::TypeRef type) {
  auto n = ir::make_node(ir::Op::kInput, std::move(type));
  n->path = path;
  return n;
}

/// A one-flow module `{ x = value }` reading through `layout`.
ir::Module module_of(ir::NodePtr value, ir::InputField layout) {
  ir::Module m;
  ir::Flow f;
  f.input.record = "test.record";
  f.input.root = std::move(layout);
  ir::normalize(f.input.root);
  ir::Stmt s;
  s.kind = ir::Stmt::Kind::kField;
  s.name = "x";
  s.value = std::move(value);
  f.body.push_back(std::move(s));
  m.flows.push_back(std::move(f));
  return m;
}

/// The layout that reads `path`, its last field with `leaf` (kValue reads the value whole).
ir::InputField layout_of(const std::vector<std::string>& path, ir::InputField::Shape leaf = ir::InputField::Shape::kValue) {
  ir::InputField root;
  root.shape = ir::InputField::Shape::kObject;
  ir::InputField* at = &root;
  for (size_t i = 0; i < path.size(); ++i)
    at = at->child(path[i], i + 1 == path.size() ? leaf : ir::InputField::Shape::kObject);
  return root;
}

// The hand-written flows below take their parameters from here (the tests run on one thread).
std::string g_segs;
int32_t g_nsegs = 0;
std::string g_code;
std::string g_member;
std::string g_member_code;

/// A value that cannot be written (a non-finite float) is reported at its field, but only when the flow ends
/// without another failure: the interpreter writes the record after the whole body (as generated code does).
int32_t write_x(Ctx* ctx, const Cell* v, const char* code) {
  slj_out_raw(ctx, "{\"x\":", 5);
  if (slj_out_value(ctx, v, code) != rt::kOk) slj_write_failed(ctx, "x");
  slj_out_raw(ctx, "}", 1);
  return rt::kFlowOutput;
}

int32_t read_flow(Ctx* ctx, const Node* root) {
  Cell v;
  if (slj_read_path(ctx, root, g_segs.c_str(), g_nsegs, g_code.c_str(), "", &v) != rt::kOk) return slj_fail_where(ctx, "x");
  return write_x(ctx, &v, g_code.c_str());
}

int32_t member_flow(Ctx* ctx, const Node* root) {
  Cell object, v;
  if (slj_read_path(ctx, root, g_segs.c_str(), g_nsegs, g_code.c_str(), "", &object) != rt::kOk) return slj_fail_where(ctx, "x");
  // Messages name the member below the object's input path, as the interpreter spells it.
  std::string path = g_segs + "." + g_member;
  for (char& c : path) c = c == '\x1f' ? '.' : c;
  if (slj_member(ctx, &object, g_member.c_str(), path.c_str(), g_member_code.c_str(), &v) != rt::kOk) return slj_fail_where(ctx, "x");
  return write_x(ctx, &v, g_member_code.c_str());
}

int32_t meta_flow(Ctx* ctx, const Node* root) {
  Cell meta, v;
  if (slj_read_path(ctx, root, g_segs.c_str(), g_nsegs, g_code.c_str(), "", &meta) != rt::kOk) return slj_fail_where(ctx, "x");
  if (slj_meta_get(ctx, &meta, g_member.c_str(), "meta_data", g_member_code.c_str(), &v) != rt::kOk) return slj_fail_where(ctx, "x");
  return write_x(ctx, &v, g_member_code.c_str());
}

int32_t equal_flow(Ctx* ctx, const Node* root) {
  Cell a, b;
  if (slj_read_path(ctx, root, "a", 1, "?a", "", &a) != rt::kOk) return slj_fail_where(ctx, "x");
  if (slj_read_path(ctx, root, "b", 1, "?a", "", &b) != rt::kOk) return slj_fail_where(ctx, "x");
  int32_t eq = slj_equal(ctx, &a, &b, "?a");
  if (eq < 0) return slj_fail_where(ctx, "x");
  Cell r{uint64_t(eq), 0, 0, 0};
  return write_x(ctx, &r, "b");
}

void set_path(const std::vector<std::string>& path, const std::string& code) {
  g_segs.clear();
  for (size_t i = 0; i < path.size(); ++i) g_segs += (i ? "\x1f" : "") + path[i];
  g_nsegs = int32_t(path.size());
  g_code = code;
}

const std::vector<std::string> kRecords = {
    R"({"id":727,"total":"29.35","status":"processing","date_created":"2017-03-22T16:28:02","f":0.1,)"
    R"("billing":{"email":"a@b.c","first_name":"J\u00f6rg","phone":""},)"
    R"("line_items":[{"sku":"A1","qty":2,"price":"1.50"},{"sku":"B2","qty":1,"price":3}],"tags":["x","y"],)"
    R"("meta_data":[{"id":1,"key":"_vat","value":"DE123"},{"key":"_n","value":5},{"key":"_vat","value":"second"}]})",
    R"({"id":"727","total":"","status":"a\"b\\c\n\t\u0001\u00e9/","date_created":"2017-03-22","f":1e300})",
    R"({"id":1.5,"total":null,"status":null,"date_created":"bad","f":5e-324,"billing":null})",
    R"({"id":1e3,"total":"abc","date_created":20170322,"f":-0.0,"billing":"text","tags":"notalist"})",
    R"({"id":-0,"total":true,"f":1e999,"billing":[],"line_items":[],"tags":["a",1]})",
    R"({"id":99999999999999999999,"total":1e400,"f":123456789.125,"billing":{"email":null},"line_items":null})",
    R"({"id":null,"total":29.350 , "f":"2.5","billing":{"email":"first","email":"second","phone":"12.50"},"line_items":[{"sku":null}]})",
    R"({"billing":{"em\u0061il":"escaped key","x":[1,{"y":[]}]},"line_items":[1,2],"tags":[]})",
    R"({"line_items":[{"sku":"A"},{"price":"2"}],"tags":[null,"b"],"f":"",  "id" : 42 })",
    R"({"line_items":[[{"sku":"nested"}]],"meta_data":[{"key":"_n","value":"5"}],"status":""})",
    R"({"billing":{"email":"a","email":1},"meta_data":null,"status":17})",
    R"({"unread":"\q","id":1})",
    R"({"unread":"\ud800","id":1})",
    "{\"status\":\"\xff\",\"id\":1}",
    "{\"unread\":\"\xff\",\"id\":1}",
    R"({"id":1)",
    R"([1,2])",
    R"("text")",
    R"({"id":1} x)",
    R"({"id":1}   )",
    R"({})",
    R"({"billing":{"email":"a@b"}} {"id":2})",
    R"({"id":2,"id":3})",
    R"({"b\qad":1,"id":1})",
    R"({"a\"b":1,"id\u0000":2,"id":4,"very_long_key_name_that_spans_words":{"x\\":1}})",
    R"({"billing":{"e\mail":"bad escape in a read object"}})",
};

std::string deep(int levels, bool read_field) {
  std::string s = read_field ? "{\"billing\":" : "{\"skipped\":";
  for (int i = 0; i < levels; ++i) s += "[";
  for (int i = 0; i < levels; ++i) s += "]";
  return s + "}";
}

/// Runs `fn` and the interpreter on every record and compares.
void compare_all(const ir::Module& m, rt::FlowFn fn, const std::vector<std::string>& records) {
  interp::Interpreter engine(m);
  rt::DecodePlan plan(m.flows[0].input.root);
  for (const auto& rec : records) {
    INFO("record: " << rec);
    auto expected = engine.run(0, rec);
    auto got = rt::run_flow(fn, plan, rec, nullptr);
    CHECK(result_text(got) == result_text(expected));
  }
}

}  // namespace

TEST_CASE("reads: decode, path walk, conversion and output agree with the interpreter", "[jit][runtime]") {
  const Typed i = scalar("i", Kind::kInt), oi = scalar("?i", Kind::kInt), d = scalar("d", Kind::kDecimal),
              od = scalar("?d", Kind::kDecimal), f = scalar("f", Kind::kFloat), of = scalar("?f", Kind::kFloat),
              s = scalar("s", Kind::kString), os = scalar("?s", Kind::kString), a = scalar("a", Kind::kAny),
              oa = scalar("?a", Kind::kAny), t = scalar("t", Kind::kTimestamp), ot = scalar("?t", Kind::kTimestamp),
              D = scalar("D", Kind::kDate), oD = scalar("?D", Kind::kDate), o = scalar("o", Kind::kObject),
              oo = scalar("?o", Kind::kObject), b = scalar("?b", Kind::kBool);
  struct Read {
    std::vector<std::string> path;
    Typed type;
  };
  const std::vector<Read> reads = {
      {{"id"}, i}, {{"id"}, oi}, {{"id"}, d}, {{"id"}, f}, {{"id"}, s}, {{"id"}, os}, {{"id"}, a}, {{"id"}, od},
      {{"total"}, d}, {{"total"}, od}, {{"total"}, f}, {{"total"}, of}, {{"total"}, s}, {{"total"}, oa}, {{"total"}, b},
      {{"status"}, s}, {{"status"}, os}, {{"status"}, oi}, {{"status"}, oa},
      {{"date_created"}, t}, {{"date_created"}, D}, {{"date_created"}, oD}, {{"date_created"}, ot},
      {{"billing", "email"}, s}, {{"billing", "email"}, os}, {{"billing", "phone"}, od}, {{"billing", "phone"}, os},
      {{"billing"}, o}, {{"billing"}, oo}, {{"billing"}, oa},
      {{"line_items", "sku"}, list_of("L", os)}, {{"line_items", "sku"}, list_of("L", s)},
      {{"line_items", "sku"}, list_of("?L", os)}, {{"line_items", "price"}, list_of("L", od)},
      {{"line_items", "sku"}, list_of("N", os)}, {{"line_items", "sku"}, list_of("?L", list_of("L", os))},
      {{"line_items"}, list_of("N", o)}, {{"line_items"}, list_of("?N", oo)}, {{"line_items"}, list_of("?N", oa)},
      {{"line_items"}, list_of("?L", oo)},
      {{"tags"}, list_of("L", s)}, {{"tags"}, list_of("N", s)}, {{"tags"}, list_of("?N", os)}, {{"tags"}, list_of("?L", os)},
      {{"tags"}, a},
      {{"f"}, f}, {{"f"}, of}, {{"f"}, d}, {{"f"}, od},
      {{"meta_data"}, list_of("?N", oo)},
      {{"nope", "deeper"}, os}, {{"nope", "deeper"}, s}, {{"id", "deeper"}, oi},
  };
  std::vector<std::string> records = kRecords;
  records.push_back(deep(300, true));
  records.push_back(deep(300, false));
  records.push_back(deep(255, true));
  for (const auto& r : reads) {
    INFO("read " << r.path[0] << (r.path.size() > 1 ? "." + r.path[1] : "") << " as " << r.type.code);
    set_path(r.path, r.type.code);
    compare_all(module_of(input(r.path, r.type.type), layout_of(r.path)), read_flow, records);
  }
}

TEST_CASE("pruned objects: a fixed block reads like the interpreter's pruned record", "[jit][runtime]") {
  // billing read through its members (kObject), not whole: only the listed fields are decoded.
  ir::InputField layout = layout_of({"billing", "email"});
  layout.child("billing", ir::InputField::Shape::kObject)->child("phone", ir::InputField::Shape::kValue);
  const Typed os = scalar("?s", Kind::kString);
  set_path({"billing", "email"}, "?s");
  compare_all(module_of(input({"billing", "email"}, os.type), layout), read_flow, kRecords);
  // A list of structs: each element is a fixed block of the same layout.
  ir::InputField items = layout_of({"line_items", "sku"});
  const Typed skus = list_of("?L", os);
  set_path({"line_items", "sku"}, skus.code);
  compare_all(module_of(input({"line_items", "sku"}, skus.type), items), read_flow, kRecords);
}

TEST_CASE("members and meta_data agree with the interpreter", "[jit][runtime]") {
  const Typed oo = scalar("?o", Kind::kObject);
  for (const Typed& member : {scalar("?s", Kind::kString), scalar("s", Kind::kString), scalar("?d", Kind::kDecimal)}) {
    auto n = ir::make_node(ir::Op::kMember, member.type);
    n->text = "email";
    n->operands.push_back(input({"billing"}, oo.type));
    set_path({"billing"}, oo.code);
    g_member = "email";
    g_member_code = member.code;
    compare_all(module_of(std::move(n), layout_of({"billing"})), member_flow, kRecords);
  }
  const Typed meta = list_of("?N", oo);
  for (const auto& [key, type] : std::vector<std::pair<std::string, Typed>>{
           {"_vat", scalar("?s", Kind::kString)}, {"_n", scalar("?i", Kind::kInt)}, {"_n", scalar("?s", Kind::kString)},
           {"_none", scalar("?s", Kind::kString)}, {"_n", scalar("?a", Kind::kAny)}}) {
    auto n = ir::make_node(ir::Op::kMetaGet, type.type);
    n->text = key;
    n->operands.push_back(input({"meta_data"}, meta.type));
    ir::InputField layout = layout_of({"meta_data"}, ir::InputField::Shape::kMeta);
    layout.children[0].meta_keys = {key};
    set_path({"meta_data"}, meta.code);
    g_member = key;
    g_member_code = type.code;
    compare_all(module_of(std::move(n), layout), meta_flow, kRecords);
  }
}

TEST_CASE("equality of input values agrees with the interpreter, including its failure", "[jit][runtime]") {
  const Typed oa = scalar("?a", Kind::kAny);
  auto n = ir::make_node(ir::Op::kCompare, Type::scalar(Kind::kBool));
  n->text = "==";
  n->operands.push_back(input({"a"}, oa.type));
  n->operands.push_back(input({"b"}, oa.type));
  ir::InputField layout = layout_of({"a"});
  layout.child("b", ir::InputField::Shape::kValue);
  compare_all(module_of(std::move(n), layout), equal_flow,
              {R"({"a":1,"b":1})", R"({"a":"x","b":"x"})", R"({"a":"x","b":"y"})", R"({"a":[1,2],"b":[1,2]})",
               R"({"a":{"k":1},"b":{"k": 1}})", R"({"a":{"k":1},"b":{"k":2}})", R"({"a":null})", R"({})",
               R"({"a":true,"b":false})", R"({"a":true,"b":true})", R"({"a":"1","b":1})", R"({"a":[],"b":{}})"});
}

TEST_CASE("output writers agree with write_json", "[jit][runtime]") {
  rt::State& state = rt::thread_state();
  state.reset_record();
  Ctx ctx{};
  ctx.state = &state;
  auto check = [&](const Cell& c, const char* code, const interp::Value& v) {
    std::string expected;
    interp::bridge::Failure failure;
    bool ok = interp::bridge::write_json(v, expected, &failure);
    state.out.clear();
    int32_t r = slj_out_value(&ctx, &c, code);
    INFO("code " << code << " expected " << (ok ? expected : failure.reason));
    CHECK((r == rt::kOk) == ok);
    CHECK((ok ? state.out : state.error) == (ok ? expected : failure.reason));
  };
  for (double f : {0.1, 1e300, 5e-324, -0.0, 123456789.125, 1.0 / 3, 100.0, 1e21, -2.5e-7, std::numeric_limits<double>::infinity(),
                   std::nan("")}) {
    Cell c{0, 0, 0, 0};
    std::memcpy(&c.lo, &f, sizeof f);
    check(c, "f", interp::Value{f});
  }
  for (const char* text : {"29.35", "-0.00", "0", "12345678901234567890123456789.123456789", "-1e3", "7"}) {
    sl_decimal d;
    REQUIRE(sl_decimal_parse(text, std::strlen(text), &d) == SL_OK);
    Cell c;
    rt::set_decimal(&c, d);
    check(c, "d", interp::Value{d});
    state.out.clear();
    REQUIRE(slj_out_decimal(&ctx, &c) == rt::kOk);
    std::string expected;
    interp::bridge::write_json(interp::Value{d}, expected, nullptr);
    CHECK(state.out == expected);
  }
  for (std::string s : {std::string("plain"), std::string("q\"b\\s/\n\r\t\b\f"), std::string("\x01\x1f\x7f", 3), std::string("\0z", 2),
                        std::string("J\xc3\xb6rg \xe2\x82\xac"), std::string()}) {
    Cell c;
    rt::set_string(&c, s.data(), s.size());
    check(c, "s", interp::Value{s});
    state.out.clear();
    slj_out_string_cell(&ctx, ",\"k\":", 5, &c);
    std::string expected = ",\"k\":";
    interp::append_json_string(s, expected);
    CHECK(state.out == expected);
  }
  for (int64_t v : {int64_t(0), int64_t(-1), std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    check(Cell{uint64_t(v), 0, 0, 0}, "i", interp::Value{v});
    Cell c{uint64_t(v), 0, 0, 0};
    state.out.clear();
    slj_out_int_cell(&ctx, "[", 1, &c);
    CHECK(state.out == "[" + std::to_string(v));
  }
  {
    // The cell writers write null for a null cell, after their prefix.
    Cell null_cell{0, 0, 0, 1};
    state.out.clear();
    slj_out_string_cell(&ctx, "a", 1, &null_cell);
    slj_out_int_cell(&ctx, "b", 1, &null_cell);
    slj_out_json_cell(&ctx, "c", 1, &null_cell);
    CHECK(state.out == "anullbnullcnull");
  }
  for (int32_t days : {0, -1, 17247, 2932896, 2932897, -719529})
    check(Cell{uint64_t(int64_t(days)), 0, 0, 0}, "D", interp::Value{interp::Date{days}});
  for (int64_t micros : {int64_t(0), int64_t(1490200082000000), int64_t(-1), int64_t(1490200082123456), std::numeric_limits<int64_t>::max()})
    check(Cell{uint64_t(micros), 0, 0, 0}, "t", interp::Value{interp::Timestamp{micros}});
  check(Cell{1, 0, 0, 0}, "b", interp::Value{true});
  check(Cell{0, 0, 0, 1}, "?d", interp::Value::null());
  // A list of cells: each element by its own code.
  Cell list;
  Cell* items = slj_list_new(&ctx, 3, &list);
  rt::set_string(&items[0], "a", 1);
  rt::set_null(&items[1]);
  rt::set_string(&items[2], "\"", 1);
  check(list, "L?s", interp::Value::of_list({interp::Value{std::string("a")}, interp::Value::null(), interp::Value{std::string("\"")}}));
}

TEST_CASE("the where template expands each [#] by the enclosing loops' indexes", "[jit][runtime]") {
  rt::DecodePlan plan(layout_of({"id"}));
  auto r = rt::run_flow(
      [](Ctx* ctx, const Node*) -> int32_t {
        ctx->loop_index[0] = 2;
        ctx->loop_index[1] = 15;
        slj_fail(ctx, "check failed", "lines[#].taxes[#].rate");
        return rt::kFlowRejected;
      },
      plan, R"({"id":1})", nullptr);
  CHECK(r.outcome == interp::Outcome::kRejected);
  CHECK(r.error_path == "lines[2].taxes[15].rate");
  CHECK(r.error == "check failed");
  auto filtered = rt::run_flow([](Ctx*, const Node*) -> int32_t { return rt::kFlowFiltered; }, plan, R"({"id":1})", nullptr);
  CHECK(filtered.outcome == interp::Outcome::kFiltered);
  auto table = rt::run_flow(
      [](Ctx* ctx, const Node*) -> int32_t {
        Cell key;
        rt::set_string(&key, "gold", 4);
        return slj_fail_table(ctx, "tiers", &key, "tier") ? rt::kFlowRejected : rt::kFlowOutput;
      },
      plan, R"({"id":1})", nullptr);
  CHECK(result_text(table) == "rejected |  | tier | table `tiers` has no row for \"gold\"");
  auto bad = rt::run_flow([](Ctx*, const Node*) -> int32_t { return rt::kFlowOutput; }, plan, "{\"id\":", nullptr);
  CHECK(result_text(bad) == "rejected |  |  | input is not valid JSON");
}

TEST_CASE("native built-ins and the built-in bridge agree with the interpreter's call_builtin", "[jit][runtime]") {
  rt::State& state = rt::thread_state();
  state.reset_record();
  Ctx ctx{};
  ctx.state = &state;
  // The oracle: the interpreter's call_builtin on Values, written as JSON (or its failure).
  auto oracle = [](const std::string& name, std::vector<interp::Value> args, const ir::TypeRef& type) {
    interp::bridge::Failure failure;
    auto v = interp::bridge::call_builtin(name, args, *type, &failure);
    if (!v) return "error: " + failure.reason + (failure.conversion ? " (conversion)" : "");
    std::string out;
    interp::bridge::write_json(*v, out, nullptr);
    return out;
  };
  auto got = [&](int32_t status, const Cell& c, const char* code) {
    if (status != rt::kOk) return "error: " + state.error + (status == rt::kConversionError ? " (conversion)" : "");
    state.out.clear();
    REQUIRE(slj_out_value(&ctx, &c, code) == rt::kOk);
    return state.out;
  };
  const auto str = Type::scalar(Kind::kString, true);
  for (std::string s : {std::string("\xc3\x98ster"), std::string("stra\xc3\x9f" "e"), std::string("  \xe2\x80\x83 pad\t\n"), std::string(""),
                        std::string("bad \xff utf8"), std::string("MiXeD 123")}) {
    INFO("text " << s);
    Cell in, out;
    rt::set_string(&in, s.data(), s.size());
    CHECK(got(slj_lower(&ctx, &in, &out), out, "?s") == oracle("lower", {interp::Value{s}}, str));
    CHECK(got(slj_upper(&ctx, &in, &out), out, "?s") == oracle("upper", {interp::Value{s}}, str));
    CHECK(got(slj_trim(&ctx, &in, &out), out, "?s") == oracle("trim", {interp::Value{s}}, str));
    CHECK(got(slj_builtin(&ctx, "len", &in, 1, "?s", "?i", -1, &out), out, "?i") == oracle("len", {interp::Value{s}}, Type::scalar(Kind::kInt, true)));
    CHECK(got(slj_builtin(&ctx, "decimal", &in, 1, "?s", "?d", -1, &out), out, "?d") ==
          oracle("decimal", {interp::Value{s}}, Type::scalar(Kind::kDecimal, true)));
  }
  Cell null_cell{0, 0, 0, 1}, out;
  CHECK(got(slj_lower(&ctx, &null_cell, &out), out, "?s") == "null");
  for (int64_t v : {int64_t(0), int64_t(-42), std::numeric_limits<int64_t>::min()}) {
    CHECK(got(slj_string_of_int(&ctx, v, &out), out, "s") == oracle("string", {interp::Value{v}}, Type::scalar(Kind::kString)));
  }
  const char* modes[] = {"half_even", "half_up", "half_down", "up", "down", "ceiling", "floor"};
  for (const char* text : {"2.345", "-2.5", "2.5", "0.005", "99999999999999999999999999999999999999"}) {
    sl_decimal d;
    REQUIRE(sl_decimal_parse(text, std::strlen(text), &d) == SL_OK);
    Cell in;
    rt::set_decimal(&in, d);
    for (int64_t scale : {int64_t(0), int64_t(2), int64_t(-1), int64_t(39), int64_t(38)})
      for (int32_t mode = 0; mode < 7; ++mode) {
        INFO(text << " scale " << scale << " mode " << modes[mode]);
        CHECK(got(slj_round(&ctx, &in, scale, mode, &out), out, "?d") ==
              oracle("round", {interp::Value{d}, interp::Value{scale}, interp::Value{std::string(modes[mode])}}, Type::scalar(Kind::kDecimal, true)));
      }
  }
  // sum over int and decimal lists, with overflow.
  for (const std::vector<int64_t>& values : std::vector<std::vector<int64_t>>{{}, {1, 2, 3}, {std::numeric_limits<int64_t>::max(), 1}}) {
    Cell list;
    Cell* items = slj_list_new(&ctx, values.size(), &list);
    interp::List vs;
    for (size_t k = 0; k < values.size(); ++k) {
      items[k] = Cell{uint64_t(values[k]), 0, 0, 0};
      vs.push_back(interp::Value{values[k]});
    }
    CHECK(got(slj_sum(&ctx, &list, "Li", &out), out, "i") == oracle("sum", {interp::Value::of_list(vs)}, Type::scalar(Kind::kInt)));
    CHECK(got(slj_builtin(&ctx, "sum", &list, 1, "Li", "i", -1, &out), out, "i") == oracle("sum", {interp::Value::of_list(vs)}, Type::scalar(Kind::kInt)));
  }
  {
    Cell list;
    Cell* items = slj_list_new(&ctx, 3, &list);
    interp::List vs;
    for (const char* text : {"1.50", "2.005", "-0.5"}) {
      sl_decimal d;
      sl_decimal_parse(text, std::strlen(text), &d);
      rt::set_decimal(&items[vs.size()], d);
      vs.push_back(interp::Value{d});
    }
    CHECK(got(slj_sum(&ctx, &list, "Ld", &out), out, "d") == oracle("sum", {interp::Value::of_list(vs)}, Type::scalar(Kind::kDecimal)));
    CHECK(got(slj_builtin(&ctx, "max", &list, 1, "Ld", "?d", -1, &out), out, "?d") ==
          oracle("max", {interp::Value::of_list(vs)}, Type::scalar(Kind::kDecimal, true)));
    CHECK(got(slj_builtin(&ctx, "first", &list, 1, "Ld", "?d", -1, &out), out, "?d") == "1.50");
  }
  // Several arguments, a conversion failure, a date.
  Cell args[3];
  rt::set_string(&args[0], "a-b-c", 5);
  rt::set_string(&args[1], "-", 1);
  CHECK(got(slj_builtin(&ctx, "split", args, 2, "s,s", "Ls", -1, &out), out, "Ls") == R"(["a","b","c"])");
  rt::set_string(&args[2], "+", 1);
  CHECK(got(slj_builtin(&ctx, "replace", args, 3, "s,s,s", "s", -1, &out), out, "s") == R"("a+b+c")");
  CHECK(got(slj_builtin(&ctx, "int", args, 1, "s", "?i", -1, &out), out, "?i") == "error: \"a-b-c\" is not a valid int (conversion)");
  rt::set_string(&args[0], "2017-03-22T16:28:02Z", 20);
  CHECK(got(slj_builtin(&ctx, "date", args, 1, "s", "?D", -1, &out), out, "?D") == R"("2017-03-22")");
  Cell day{17247, 0, 0, 0}, n{40, 0, 0, 0};
  Cell two[2] = {day, n};
  CHECK(got(slj_builtin(&ctx, "add_days", two, 2, "D,i", "D", -1, &out), out, "D") ==
        oracle("add_days", {interp::Value{interp::Date{17247}}, interp::Value{int64_t(40)}}, Type::scalar(Kind::kDate)));
}

TEST_CASE("the arena and buffers are reused: many records reach a steady state", "[jit][runtime]") {
  const Typed skus{"?L?s", Type::list(Type::scalar(Kind::kString, true), true)};
  set_path({"line_items", "sku"}, skus.code);
  ir::Module m = module_of(input({"line_items", "sku"}, skus.type), layout_of({"line_items", "sku"}));
  interp::Interpreter engine(m);
  rt::DecodePlan plan(m.flows[0].input.root);
  std::string big = R"({"line_items":[)";
  for (int k = 0; k < 3000; ++k) big += std::string(k ? "," : "") + R"({"sku":"SKU-)" + std::to_string(k) + R"(","qty":1})";
  big += "]}";
  size_t blocks_after_warmup = 0;
  int mismatches = 0;
  for (int round = 0; round < 500; ++round) {
    const std::string& rec = round % 2 ? big : kRecords[size_t(round) % kRecords.size()];
    if (result_text(rt::run_flow(read_flow, plan, rec, nullptr)) != result_text(engine.run(0, rec))) ++mismatches;
    if (round == 10) blocks_after_warmup = rt::thread_state().arena.blocks();
  }
  CHECK(mismatches == 0);
  CHECK(blocks_after_warmup > 0);
  CHECK(rt::thread_state().arena.blocks() == blocks_after_warmup);
}

TEST_CASE("every helper declared in abi.hpp is in the JIT's symbol table", "[jit][runtime]") {
  std::set<std::string> names;
  for (const auto& [name, address] : rt::helper_symbols()) {
    CHECK(address != nullptr);
    names.insert(name);
  }
  // Independent of the table: the declarations themselves.
  std::string abi;
  {
    FILE* f = std::fopen(SYNCLOOM_SOURCE_DIR "/compiler/codegen/src/runtime/abi.hpp", "r");
    REQUIRE(f);
    char buf[4096];
    for (size_t k; (k = std::fread(buf, 1, sizeof buf, f)) > 0;) abi.append(buf, k);
    std::fclose(f);
  }
  size_t declared = 0;
  for (size_t at = 0; (at = abi.find(" slj_", at)) != std::string::npos; ++at) {
    size_t end = abi.find('(', at);
    std::string name = abi.substr(at + 1, end - at - 1);
    if (name.find_first_of(" ,;*") != std::string::npos) continue;
    ++declared;
    CHECK(names.count(name) == 1);
  }
  CHECK(declared == names.size());
}

TEST_CASE("ref() resolves through the run's resolver, typed and failing as the interpreter does", "[jit][runtime]") {
  struct Refs : interp::RefResolver {
    std::optional<interp::Value> resolve(std::string_view domain, const interp::Value& key) const override {
      if (domain != "customers") return std::nullopt;
      if (auto* s = std::get_if<std::string>(&key.v); s && *s == "a@b.c") return interp::Value{int64_t(91042)};
      if (auto* s = std::get_if<std::string>(&key.v); s && *s == "x") return interp::Value{std::string("not-a-number")};
      return std::nullopt;
    }
  } refs;
  // Oracle: kRef over an input key, on the interpreter with the same resolver.
  for (const Typed& result : {scalar("s", Kind::kString), scalar("i", Kind::kInt)}) {
    auto n = ir::make_node(ir::Op::kRef, result.type);
    n->text = "customers";
    n->operands.push_back(input({"email"}, Type::scalar(Kind::kString, true)));
    ir::Module m = module_of(std::move(n), layout_of({"email"}));
    interp::Interpreter engine(m);
    rt::DecodePlan plan(m.flows[0].input.root);
    g_code = result.code;
    auto fn = [](Ctx* ctx, const Node* root) -> int32_t {
      Cell key, id;
      if (slj_read_path(ctx, root, "email", 1, "?s", "", &key) != rt::kOk) return slj_fail_where(ctx, "x");
      if (slj_ref(ctx, "customers", &key, "?s", g_code.c_str(), &id) != rt::kOk) return slj_fail_where(ctx, "x");
      return write_x(ctx, &id, g_code.c_str());
    };
    for (const char* rec : {R"({"email":"a@b.c"})", R"({"email":"x"})", R"({"email":"nobody"})", R"({})"}) {
      INFO(rec << " as " << result.code);
      CHECK(result_text(rt::run_flow(fn, plan, rec, &refs)) == result_text(engine.run(0, rec, &refs)));
    }
  }
}

TEST_CASE("run_flow is thread-safe: per-thread state gives every thread the single-threaded results", "[jit][runtime][threads]") {
  const Typed prices{"L?d", Type::list(Type::scalar(Kind::kDecimal, true))};
  set_path({"line_items", "price"}, prices.code);
  ir::Module m = module_of(input({"line_items", "price"}, prices.type), layout_of({"line_items", "price"}));
  interp::Interpreter engine(m);
  rt::DecodePlan plan(m.flows[0].input.root);
  std::vector<std::string> expected;
  for (const auto& rec : kRecords) expected.push_back(result_text(engine.run(0, rec)));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 400; ++round) {
        size_t i = size_t(round * 7 + t) % kRecords.size();
        if (result_text(rt::run_flow(read_flow, plan, kRecords[i], nullptr)) != expected[i]) ++mismatches[size_t(t)];
      }
    });
  for (auto& th : threads) th.join();
  for (int n : mismatches) CHECK(n == 0);
}
