// Unit tests of the semantic passes: types filled into the AST, and the rules behind the E/L codes.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sema.hpp"
#include "syncloom/frontend/frontend.hpp"

using namespace syncloom;

namespace {

const std::string kSchemas = std::string(SYNCLOOM_SOURCE_DIR) + "/schemas";

struct Checked {
  std::unique_ptr<frontend::Compilation> compilation = std::make_unique<frontend::Compilation>(frontend::FrontendOptions{kSchemas, true, nullptr});
  std::vector<std::string> codes;
};

Checked check(const std::string& body, const std::string& path = "test.loom") {
  Checked c;
  std::string source = "mapping t version 1\nsystem woo: woocommerce\nsystem erp: tryton\n" + body;
  c.compilation->check_source(path, source);
  for (auto& d : c.compilation->diagnostics().all()) c.codes.push_back(d.code);
  return c;
}

std::string flow(const std::string& assignments, const std::string& extra = "") {
  return "domain customers {\n owner woo\n sync event on woo \"customer.created\"\n" + extra +
         " flow woo.customer -> erp.customer {\n name = \"x\"\n" + assignments + "\n }\n}\n";
}

/// The type sema gave the value of the first `name = ...` assignment of the first flow.
std::string type_of_assignment(Checked& c, const std::string& field) {
  auto& body = c.compilation->program()->root().domains.at(0).flows.at(0).body;
  for (auto& s : body.stmts)
    if (s.target.text == field && s.value && s.value->type) return s.value->type->to_string();
  return "<none>";
}

}  // namespace

TEST_CASE("a clean flow produces no diagnostics", "[sema]") {
  auto c = check(flow("code = lower(email)"));
  CHECK(c.codes.empty());
}

TEST_CASE("sema fills expression types into the AST", "[sema]") {
  auto c = check(flow("code = string(id) + \"-\" + lower(email)"));
  REQUIRE(c.codes.empty());
  CHECK(type_of_assignment(c, "code") == "string");
}

TEST_CASE("integer division is exact decimal division", "[sema]") {
  auto c = check("fn half(n: int) -> decimal = n / 2\n");
  CHECK(c.codes == std::vector<std::string>{"L0003"});  // unused, but well typed
}

TEST_CASE("decimal mixed with float is E0202, not a silent conversion", "[sema]") {
  auto c = check("fn f(a: decimal, b: float) -> decimal = a + b\n");
  CHECK(std::count(c.codes.begin(), c.codes.end(), "E0202") == 1);
}

TEST_CASE("a fallible conversion must be handled with ! or ??", "[sema]") {
  CHECK(check("fn f(s: string) -> decimal = decimal(s)\n").codes == std::vector<std::string>{"L0003", "E0203"});
  CHECK(check("fn f(s: string) -> decimal = decimal(s)!\n").codes == std::vector<std::string>{"L0003"});
  CHECK(check("fn f(s: string) -> decimal = decimal(s) ?? 0\n").codes == std::vector<std::string>{"L0003"});
}

TEST_CASE("?? on a value that is never null is a lint warning", "[sema][lint]") {
  CHECK(check("fn f(s: string) -> string = s ?? \"\"\n").codes == std::vector<std::string>{"L0003", "L0005"});
}

TEST_CASE("unknown fields suggest the closest name", "[sema]") {
  auto c = check(flow("code = emial"));
  REQUIRE(c.codes == std::vector<std::string>{"E0104"});
  const auto& d = c.compilation->diagnostics().all()[0];
  REQUIRE(d.help.size() == 1);
  CHECK(d.help[0] == "did you mean `email`?");
}

TEST_CASE("a flow from the non-owner cannot write the owner's records", "[sema][ownership]") {
  auto c = check(
      "domain customers {\n owner woo\n sync event on erp \"customer.changed\"\n"
      " flow erp.customer -> woo.customer { email = code ?? \"\" }\n}\n");
  CHECK(std::count(c.codes.begin(), c.codes.end(), "E0301") == 1);
}

TEST_CASE("field-level ownership lets the other system write just that field", "[sema][ownership]") {
  std::string domain =
      "domain pricing {\n owner erp\n field woo.product.sale_price owned_by woo\n sync batch every 1h\n"
      " flow erp.inventoryItem -> woo.product update { regular_price = list_price\n sale_price = list_price }\n}\n";
  auto c = check(domain);
  CHECK(c.codes == std::vector<std::string>{"E0302"});
}

TEST_CASE("two flows writing one field is E0303", "[sema][ownership]") {
  std::string domains =
      "domain a {\n owner erp\n sync batch every 1h\n flow erp.inventoryItem -> woo.product update { regular_price = list_price }\n}\n"
      "domain b {\n owner erp\n sync batch every 2h\n flow erp.inventoryItem -> woo.product update { regular_price = cost_price }\n}\n";
  CHECK(check(domains).codes == std::vector<std::string>{"E0303"});
}

TEST_CASE("ref resolves to the id type of the referenced record on the flow's target", "[sema][ref]") {
  std::string source =
      "domain customers {\n owner woo\n key lower(woo.customer.email) <-> erp.customer.code\n"
      " sync event on woo \"customer.created\"\n flow woo.customer -> erp.customer { name = first_name }\n}\n"
      "domain orders {\n owner woo\n sync event on woo \"order.created\"\n"
      " flow woo.order -> erp.salesOrder {\n party = ref(customers, lower(billing.email ?? \"\"))\n"
      " invoice_address = 1\n shipment_address = 1\n }\n}\n";
  auto c = check(source);
  CHECK(c.codes.empty());
  auto& stmt = c.compilation->program()->root().domains.at(1).flows.at(0).body.stmts.at(0);
  REQUIRE(stmt.value->type);
  CHECK(stmt.value->type->to_string() == "int");
}

TEST_CASE("a value table over an enum must cover it or have a default", "[sema][tables]") {
  auto c = check("table t: woo.order.status -> string { \"pending\" => \"a\" }\n"
                 "fn f(s: string) -> string = t[s]\n");
  CHECK(std::count(c.codes.begin(), c.codes.end(), "E0206") == 1);
}

TEST_CASE("durations, cron and retry bounds are validated", "[sema][sync]") {
  CHECK(check(flow("", " sync batch every 0s\n")).codes == std::vector<std::string>{"E0401"});
  CHECK(check(flow("", " sync batch cron \"61 * * * *\"\n")).codes == std::vector<std::string>{"E0402"});
  CHECK(check(flow("", " retry 3 backoff 10m..2s then dead_letter\n")).codes == std::vector<std::string>{"E0403"});
}

TEST_CASE("recursive user functions are rejected", "[sema][functions]") {
  auto c = check("fn a(n: int) -> int = b(n)\nfn b(n: int) -> int = a(n)\n");
  CHECK(std::count(c.codes.begin(), c.codes.end(), "E0208") == 1);
}

TEST_CASE("imports bring tables and functions; cycles are reported", "[sema][imports]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "syncloom_sema_imports";
  fs::create_directories(dir);
  std::ofstream(dir / "lib.loom") << "module lib\nimport \"other.loom\"\nfn twice(n: int) -> int = n * 2\n";
  std::ofstream(dir / "other.loom") << "module other\nimport \"lib.loom\"\n";
  auto c = check("from \"lib.loom\" import twice\nfn f(n: int) -> int = twice(n)\n", (dir / "main.loom").string());
  CHECK(std::count(c.codes.begin(), c.codes.end(), "E0502") == 1);
  CHECK(std::count(c.codes.begin(), c.codes.end(), "L0002") == 0);
  fs::remove_all(dir);
}

TEST_CASE("did you mean picks the closest candidate within a small distance", "[sema][suggest]") {
  using frontend::detail::suggest;
  CHECK(suggest("totl", {"total", "total_tax", "status"}) == "total");
  CHECK(suggest("stauts", {"status", "state"}) == "status");
  CHECK(suggest("zzzzzz", {"status"}).empty());
}

TEST_CASE("list built-ins keep the element type; group_by's groups are typed structs", "[sema][builtins]") {
  auto typed = check(
      "fn keys(xs: [string]) -> [string] = sort(distinct(xs), descending)\n"
      "fn groups(xs: [string]) -> [int] = for g in group_by(xs, s => len(s)) => g.key + count(g.items)\n");
  CHECK(typed.codes == std::vector<std::string>{"L0003", "L0003"});
  auto bad = check("fn f(xs: [string]) -> [string] = sort_by(xs, s => [s])\n");
  CHECK(std::count(bad.codes.begin(), bad.codes.end(), "E0204") == 1);
}

TEST_CASE("regex_capture is a struct of the pattern's named groups, checked like any struct", "[sema][builtins]") {
  auto ok = check(flow("code = regex_capture(email, \"^(?<user>[^@]+)@(?<host>.+)$\").host"));
  CHECK(ok.codes.empty());
  CHECK(type_of_assignment(ok, "code") == "string?");
  auto misspelt = check(flow("code = regex_capture(email, \"^(?<user>[^@]+)@(?<host>.+)$\").hots"));
  CHECK(misspelt.codes == std::vector<std::string>{"E0104"});
  auto unnamed = check(flow("code = regex_capture(email, \"^([^@]+)@\").user"));
  CHECK(unnamed.codes == std::vector<std::string>{"E0204"});
}

TEST_CASE("parse_json is fallible; reading inside an `any` gives `any?`", "[sema][builtins]") {
  CHECK(check(flow("code = string(parse_json(email))")).codes == std::vector<std::string>{"E0203"});
  auto ok = check(flow("code = string(parse_json(email)![\"a\"][0]) ?? \"\""));
  CHECK(ok.codes.empty());
  CHECK(check(flow("code = string(parse_json(email)![email]) ?? \"\"")).codes == std::vector<std::string>{"E0201"});
  CHECK(check(flow("code = join(sort([email])!, \"\")")).codes == std::vector<std::string>{"E0204"});
}

TEST_CASE("zones and patterns are literals, checked when the mapping compiles", "[sema][builtins]") {
  CHECK(check(flow("code = string(date_created_gmt, \"Europe/Berlin\")")).codes.empty());
  CHECK(check(flow("code = string(date_created_gmt, email)")).codes == std::vector<std::string>{"E0204"});
  CHECK(check(flow("code = string(date_created_gmt, \"Mars/Olympus\")")).codes == std::vector<std::string>{"E0211"});
  CHECK(check(flow("code = regex_replace(email, \"(\", \"\")")).codes == std::vector<std::string>{"E0210"});
  CHECK(check(flow("code = regex_replace(email, \"a\", email)")).codes == std::vector<std::string>{"E0204"});
  CHECK(check(flow("code = pad_left(email, 3, \"ab\")")).codes == std::vector<std::string>{"E0204"});
  // One compiled pattern and one loaded zone per distinct literal, however often it is used.
  auto twice = check(flow("code = regex_replace(regex_replace(email, \"a\", \"b\"), \"a\", \"c\")\n"
                          "active = date(date_created_gmt, \"UTC\") == date(date_modified_gmt, \"UTC\")"));
  CHECK(twice.codes.empty());
  CHECK(twice.compilation->program()->regexes.size() == 1);
  CHECK(twice.compilation->program()->zones.size() == 1);
}
