// The JIT decoder's two paths (compiler/codegen/src/runtime/fast_decoder.cpp and decoder.cpp): plain JSON
// takes the fast scanner, anything unusual the exact simdjson path, and either way the JIT gives the
// interpreter's outcome, output and error byte for byte. The per-thread counters say which path ran, so a
// fast path that silently refused everything (and cost the speed it exists for) fails here too.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "runtime/state.hpp"
#include "syncloom/codegen/jit.hpp"
#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/lower.hpp"
#include "syncloom/interp/interpreter.hpp"

using namespace syncloom;

namespace {

// Reads scalars, a nested struct, a list of structs, and meta_data (decoded whole: the generic path).
const char* kSource = R"(mapping decoder_paths version 1

system woo: woocommerce
system erp: netsuite

domain orders {
  owner woo
  key woo.order.number <-> erp.salesOrder.externalId
  sync realtime on woo "order.created"
  flow woo.order -> erp.salesOrder {
    externalId  = number
    memo        = billing.first_name + "|" + billing.last_name
    email       = billing.email ?? ""
    otherRefNum = string(meta_data["_gift"]) ?? "none"
    entity { externalId = "C" }
    item {
      items = for line in line_items {
        item { id = "P" }
        description = line.name
        quantity    = line.quantity
        amount      = line.total
      }
    }
  }
}
)";

struct Engines {
  ir::Module module;
  std::unique_ptr<interp::Interpreter> interpreter;
  std::unique_ptr<codegen::Jit> jit;
};

Engines& engines() {
  static Engines e = [] {
    frontend::Compilation c(frontend::FrontendOptions{std::string(SYNCLOOM_SOURCE_DIR) + "/schemas", false, nullptr});
    c.check_source("decoder_paths.loom", kSource);
    REQUIRE(!c.diagnostics().has_errors());
    Engines out;
    out.module = frontend::lower(*c.program());
    out.interpreter = std::make_unique<interp::Interpreter>(out.module);
    out.jit = std::make_unique<codegen::Jit>(out.module);
    return out;
  }();
  return e;
}

std::string text_of(const interp::RunResult& r) {
  const char* outcome = r.outcome == interp::Outcome::kOutput ? "output" : r.outcome == interp::Outcome::kFiltered ? "filtered" : "rejected";
  return std::string(outcome) + " | " + r.output + " | " + r.error_path + " | " + r.error;
}

enum class Path { kFast, kExact };

/// Runs `json` through both engines: the same result, decoded by `path`. Returns the result text.
std::string check_record(const std::string& json, Path path) {
  Engines& e = engines();
  REQUIRE(e.jit->flow_compiled(0));
  codegen::rt::State& state = codegen::rt::thread_state();
  uint64_t fast = state.decoded_fast, exact = state.decoded_exact;
  interp::RunResult actual = e.jit->run(0, json, nullptr);
  interp::RunResult expected = e.interpreter->run(0, json, nullptr);
  INFO(json);
  CHECK(text_of(actual) == text_of(expected));
  CHECK(state.decoded_fast - fast == (path == Path::kFast ? 1u : 0u));
  CHECK(state.decoded_exact - exact == (path == Path::kExact ? 1u : 0u));
  return text_of(actual);
}

// A compact order with the fields the flow reads between fields it skips (nested, escaped, numbers).
const std::string kHead = R"({"id":7,"parent_id":0,"number":"N-7","status":"processing","prices_include_tax":false,)";
const std::string kBilling = R"("billing":{"first_name":"Åse","last_name":"Øster","company":"","email":"ase@example.com","phone":null},)";
const std::string kLines =
    R"("line_items":[{"id":1,"name":"Mug","product_id":9,"quantity":2,"taxes":[{"id":1,"total":"0.50"}],"meta_data":[],"total":"10.00","price":5},)"
    R"({"id":2,"name":"Tee","quantity":1,"total":"20.00","image":{"id":"","src":"https:\/\/example.com\/t.png"}}],)";
const std::string kMeta = R"("meta_data":[{"id":1,"key":"_gift","value":"for Bo"},{"id":2,"key":"_x","value":{"a":[1,2.5e3,-0.25,true,null]}}],)";
const std::string kTail = R"("_links":{"self":[{"href":"https:\/\/example.com\/wp-json\/wc\/v3\/orders\/7"}]}})";

std::string order(const std::string& head = kHead, const std::string& billing = kBilling, const std::string& lines = kLines,
                  const std::string& meta = kMeta, const std::string& tail = kTail) {
  return head + billing + lines + meta + tail;
}

}  // namespace

TEST_CASE("plain JSON takes the fast path and decodes as the interpreter does", "[jit][decoder]") {
  std::string out = check_record(order(), Path::kFast);
  CHECK(out.find(R"("memo":"Åse|Øster")") != std::string::npos);
  CHECK(out.find(R"("otherRefNum":"for Bo")") != std::string::npos);

  // White space between every token (a pretty-printed record), and around the whole object.
  std::string pretty;
  bool in_string = false;
  for (char c : order()) {
    pretty += c;
    if (c == '"' && pretty[pretty.size() - 2] != '\\') in_string = !in_string;
    if (!in_string && (c == ',' || c == ':' || c == '{' || c == '[')) pretty += "\n\t ";
  }
  check_record(" \r\n" + pretty + " \n", Path::kFast);

  // Escapes in kept strings (simple ones, \u in the BMP, a surrogate pair) and in a kept key.
  check_record(order(kHead, R"("billing":{"first_name":"A\"b\\c\/d\n\t\u00e9\u4e2d\ud83d\ude00","last_name":"\u0000z","email":null},)"),
               Path::kFast);
  check_record(order(kHead, kBilling, R"("line_items":[{"n\u0061me":"Key","quantity":1,"total":"1"}],)"), Path::kFast);
  // A repeated key: decoded, but the first occurrence wins.
  check_record(order(R"({"number":"first","number":"second",)"), Path::kFast);
  // An invalid escape in a string nobody reads: both engines accept it (simdjson skips it unread).
  check_record(order(kHead + R"("customer_note":"bad \q escape",)"), Path::kFast);
  // Kept values of the wrong shape are still plain JSON: the conversion rejects them, in both engines.
  check_record(order(kHead, R"("billing":"none",)"), Path::kFast);
  check_record(order(kHead, kBilling, R"("line_items":[{"name":"X","quantity":1e2,"total":-0.5E-3}],)"), Path::kFast);
  check_record(R"({})", Path::kFast);
  check_record(R"({"number":"1","line_items":[],"meta_data":[{"key":"_gift","value":{"k\u00e9y":[{}, [], ""]}}]})", Path::kFast);
}

TEST_CASE("anything unusual takes the exact path, which decides as the interpreter does", "[jit][decoder]") {
  const std::vector<std::string> records = {
      order(kHead, R"("billing":{"first_name":"tab	inside","last_name":"x"},)"),          // raw control character
      order(kHead, R"("billing":{"first_name":"\ud800","last_name":"x"},)"),               // lone surrogate
      order(kHead, R"("billing":{"first_name":"\udc00x","last_name":"x"},)"),              // lone low surrogate
      order(kHead, R"("billing":{"first_name":"\q","last_name":"x"},)"),                   // invalid escape, kept
      order(kHead, R"("billing":{"first_name":"\u12G4","last_name":"x"},)"),               // bad hex digit
      order(kHead + R"("discount_total":01,)"),                                            // leading zero
      order(kHead + R"("discount_total":1.,)"),                                            // no fraction digits
      order(kHead + R"("flag":tru,)"),                                                     // truncated literal
      order(kHead + R"("flag":truex,)"),                                                   // literal run on
      order() + " x",                                                                      // trailing content
      order() + "{}",                                                                      // a second object
      order(kHead + "\"note\":\"caf\xC3\",") ,                                             // invalid UTF-8
      order(kHead + "\"note\":\"\xED\xA0\x80\","),                                         // UTF-8 surrogate
      order(kHead + std::string(300, '[') + std::string(300, ']') + ","),                   // missing key: syntax
      order(kHead + "\"deep\":" + std::string(200, '[') + std::string(200, ']') + ","),      // deep, but valid
      order().substr(0, 80),                                                               // cut short
      "[1,2]",                                                                             // not an object
      "",                                                                                  // empty line
      R"({"number":"1",})",                                                                // trailing comma
      R"({"number" "1"})",                                                                 // missing colon
      std::string(R"({"number":"1",)") + '\0' + R"("x":1})",                               // NUL byte
  };
  for (const auto& json : records) check_record(json, Path::kExact);
}
