// The canonical formatter: spacing, indentation, comments, blank lines, alignment, line ends, and the
// two promises every input is checked against: formatting is idempotent and keeps every token.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "syncloom/frontend/format.hpp"

using syncloom::diag::DiagnosticBag;
using syncloom::diag::SourceManager;
using syncloom::frontend::format_source;
using syncloom::frontend::FormatResult;
using syncloom::frontend::significant_tokens;

namespace {

struct Attempt {
  FormatResult result;
  std::vector<std::string> codes;  ///< codes of the diagnostics reported
};

Attempt try_format(const std::string& text) {
  SourceManager sm;
  uint32_t id = sm.add("test.loom", text);
  DiagnosticBag diags;
  Attempt attempt{format_source(sm, id, diags), {}};
  for (const auto& d : diags.all()) attempt.codes.push_back(d.code + ": " + d.message);
  return attempt;
}

std::vector<std::string> tokens_of(const std::string& text) {
  SourceManager sm;
  return significant_tokens(sm, sm.add("test.loom", text));
}

/// Formats and checks both promises on the way: a second run changes nothing, and the tokens and
/// comments are exactly those of the input.
std::string fmt(const std::string& text) {
  Attempt once = try_format(text);
  INFO("input:\n" << text);
  INFO("diagnostics: " << once.codes.size() << (once.codes.empty() ? "" : " first: " + once.codes.front()));
  REQUIRE(once.result.ok);
  Attempt twice = try_format(once.result.text);
  REQUIRE(twice.result.ok);
  CHECK(twice.result.text == once.result.text);
  CHECK(tokens_of(once.result.text) == tokens_of(text));
  return once.result.text;
}

const std::string kHeader = "mapping m version 1\n";

/// One flow statement inside a domain, formatted; returns just that statement's line.
std::string fmt_flow_line(const std::string& statement) {
  std::string out = fmt(kHeader + "domain d {\nflow a.b -> c.d {\n" + statement + "\n}\n}\n");
  std::string prefix = kHeader + "domain d {\n  flow a.b -> c.d {\n    ";
  std::string suffix = "\n  }\n}\n";
  REQUIRE(out.starts_with(prefix));
  REQUIRE(out.ends_with(suffix));
  return out.substr(prefix.size(), out.size() - prefix.size() - suffix.size());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("fmt spaces binary operators and keeps brackets, calls and suffixes tight", "[fmt]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"x=a+b*c", "x = a + b * c"},
      {"x = f( a ,b )", "x = f(a, b)"},
      {"x = a [ 0 ]", "x = a[0]"},
      {"x = billing . email", "x = billing.email"},
      {"x = - y", "x = -y"},
      {"x = a - -y", "x = a - -y"},
      {"x = a-(b-1)*-2", "x = a - (b - 1) * -2"},
      {"x = max(0,-y)", "x = max(0, -y)"},
      {"x = key - 1", "x = key - 1"},
      {"x = to_int(s) !", "x = to_int(s)!"},
      {"x = phone??null", "x = phone ?? null"},
      {"x = if a>=1 then b else c", "x = if a >= 1 then b else c"},
      {"x = status not in [ \"a\",\"b\" ]", "x = status not in [\"a\", \"b\"]"},
      {"x = for l in items=>l.sku", "x = for l in items => l.sku"},
      {"x = sort_by(items,l=>l.sku,descending)", "x = sort_by(items, l => l.sku, descending)"},
      {"x = group_by( items , l  =>  f(l) )", "x = group_by(items, l => f(l))"},
      {"x = d[\"k\"] [ 0 ]", "x = d[\"k\"][0]"},
      {"x = not(a and b)or c", "x = not (a and b) or c"},
      {"x = t[status] [0]", "x = t[status][0]"},
      {"let   y=1", "let y = 1"},
      {"addr{}", "addr {}"},
      {"addr{city=c}", "addr { city = c }"},
  }));
  CHECK(fmt_flow_line(input) == expected);
}

TEST_CASE("fmt spaces declarations: colons, arrows, ranges and type suffixes", "[fmt]") {
  std::string input = kHeader +
                      "system woo : woocommerce\n"
                      "from \"lib.loom\" import a,b\n"
                      "fn f(x:int,y : int)->int=x*y\n"
                      "table t:string->string{}\n"
                      "extend woo.order{\n"
                      "field gift : enum + ( \"a\",\"b\" ) ? required\n"
                      "field tags:[ string ]?\n"
                      "meta \"_x\" : string\n"
                      "}\n"
                      "domain d{\n"
                      "key a.b<->c.d\n"
                      "field woo.order.x owned_by woo\n"
                      "retry 3 backoff 2s .. 10m then dead_letter\n"
                      "sync batch every 15m\n"
                      "}\n";
  CHECK(fmt(input) == kHeader +
                          "system woo: woocommerce\n"
                          "from \"lib.loom\" import a, b\n"
                          "fn f(x: int, y: int) -> int = x * y\n"
                          "table t: string -> string {}\n"
                          "extend woo.order {\n"
                          "  field gift: enum+(\"a\", \"b\")? required\n"
                          "  field tags: [string]?\n"
                          "  meta \"_x\": string\n"
                          "}\n"
                          "domain d {\n"
                          "  key a.b <-> c.d\n"
                          "  field woo.order.x owned_by woo\n"
                          "  retry 3 backoff 2s..10m then dead_letter\n"
                          "  sync batch every 15m\n"
                          "}\n");
}

TEST_CASE("fmt indents blocks by two and continuation lines by four", "[fmt]") {
  std::string input = kHeader +
                      "domain orders {\n"
                      "        owner woo\n"
                      "sync realtime on woo \"order.created\",\n"
                      "\"order.updated\"\n"
                      "   when status in [\"processing\",\n"
                      "\"completed\"]\n"
                      "\tflow woo.order -> erp.salesOrder\n"
                      "  when total > 0 {\n"
                      "total = round(a,\n"
                      "b)\n"
                      "item = for line in line_items {\n"
                      "quantity = line.quantity\n"
                      "}\n"
                      "shipTo {\n"
                      "city = shipping.city\n"
                      "}\n"
                      "}\n"
                      "check total ==\n"
                      "sum(line_items.total) +\n"
                      "total_tax\n"
                      "else \"totals do not balance\"\n"
                      "}\n";
  CHECK(fmt(input) == kHeader +
                          "domain orders {\n"
                          "  owner woo\n"
                          "  sync realtime on woo \"order.created\",\n"
                          "      \"order.updated\"\n"
                          "      when status in [\"processing\",\n"
                          "          \"completed\"]\n"
                          "  flow woo.order -> erp.salesOrder\n"
                          "      when total > 0 {\n"
                          "    total = round(a,\n"
                          "        b)\n"
                          "    item = for line in line_items {\n"
                          "      quantity = line.quantity\n"
                          "    }\n"
                          "    shipTo {\n"
                          "      city = shipping.city\n"
                          "    }\n"
                          "  }\n"
                          "  check total ==\n"
                          "      sum(line_items.total) +\n"
                          "      total_tax\n"
                          "      else \"totals do not balance\"\n"
                          "}\n");
}

TEST_CASE("fmt dedents closing brackets to the line that opened them", "[fmt]") {
  std::string input = kHeader +
                      "fn f(x: int) -> int = g(\n"
                      "x,\n"
                      "h([\n"
                      "1, 2\n"
                      "])\n"
                      ")\n"
                      "domain d\n"
                      "{\n"
                      "owner woo\n"
                      "}\n";
  CHECK(fmt(input) == kHeader +
                          "fn f(x: int) -> int = g(\n"
                          "    x,\n"
                          "    h([\n"
                          "        1, 2\n"
                          "    ])\n"
                          ")\n"
                          "domain d\n"
                          "{\n"
                          "  owner woo\n"
                          "}\n");
}

TEST_CASE("fmt keeps comments, indenting whole-line ones like the code they introduce", "[fmt]") {
  std::string input = "# Orders from WooCommerce.   \n" + kHeader +
                      "domain d {\n"
                      "# who owns it\n"
                      "      owner woo    # the shop\n"
                      "flow a.b -> c.d {\n"
                      "x = 1\n"
                      "        # last word in the block\n"
                      "}\n"
                      "  sync event on woo \"a\"\n"
                      "# a comment between continuation lines\n"
                      "batch every 1h\n"
                      "}\n"
                      "   # end of file\n";
  CHECK(fmt(input) == "# Orders from WooCommerce.\n" + kHeader +
                          "domain d {\n"
                          "  # who owns it\n"
                          "  owner woo  # the shop\n"
                          "  flow a.b -> c.d {\n"
                          "    x = 1\n"
                          "    # last word in the block\n"
                          "  }\n"
                          "  sync event on woo \"a\"\n"
                          "      # a comment between continuation lines\n"
                          "      batch every 1h\n"
                          "}\n"
                          "# end of file\n");
}

TEST_CASE("fmt keeps one blank line between paragraphs and none at block edges or file ends", "[fmt]") {
  std::string input = "\n\n\n" + kHeader +
                      "\n\n\n"
                      "system woo: woocommerce\n"
                      "domain d {\n"
                      "\n"
                      "   \n"
                      "  owner woo\n"
                      "\n"
                      "\n"
                      "  sync batch every 1h\n"
                      "  # a comment keeps the blank line after it\n"
                      "\n"
                      "  conflict owner_wins\n"
                      "\n"
                      "}\n"
                      "\n\n";
  CHECK(fmt(input) == kHeader +
                          "\n"
                          "system woo: woocommerce\n"
                          "domain d {\n"
                          "  owner woo\n"
                          "\n"
                          "  sync batch every 1h\n"
                          "  # a comment keeps the blank line after it\n"
                          "\n"
                          "  conflict owner_wins\n"
                          "}\n");
}

TEST_CASE("fmt aligns = and => in runs of one-line assignments and table entries", "[fmt]") {
  SECTION("a run lines up on its longest name") {
    std::string input = kHeader +
                        "table status: string -> string {\n"
                        "\"processing\" => \"_pendingFulfillment\"\n"
                        "\"on-hold\"=>\"_pendingApproval\"\n"
                        "\"a\", \"b\" => \"_x\"\n"
                        "default => reject \"no equivalent\"\n"
                        "}\n";
    CHECK(fmt(input) == kHeader +
                            "table status: string -> string {\n"
                            "  \"processing\" => \"_pendingFulfillment\"\n"
                            "  \"on-hold\"    => \"_pendingApproval\"\n"
                            "  \"a\", \"b\"     => \"_x\"\n"
                            "  default      => reject \"no equivalent\"\n"
                            "}\n");
  }
  SECTION("blank lines, comment lines and multi-line statements end a run") {
    std::string input = kHeader +
                        "domain d {\n"
                        "flow a.b -> c.d {\n"
                        "externalId = \"WOO-\" + number\n"
                        "let    total = 1\n"
                        "\n"
                        "a = 1\n"
                        "bb = 2\n"
                        "# note\n"
                        "ccc = 3\n"
                        "dddd = 4\n"
                        "item = for line in items {\n"
                        "sku = line.sku\n"
                        "quantity = line.quantity\n"
                        "}\n"
                        "e = 5\n"
                        "ffffff = g +\n"
                        "h\n"
                        "ii = 6\n"
                        "}\n"
                        "}\n";
    CHECK(fmt(input) == kHeader +
                            "domain d {\n"
                            "  flow a.b -> c.d {\n"
                            "    externalId = \"WOO-\" + number\n"
                            "    let total  = 1\n"
                            "\n"
                            "    a  = 1\n"
                            "    bb = 2\n"
                            "    # note\n"
                            "    ccc  = 3\n"
                            "    dddd = 4\n"
                            "    item = for line in items {\n"
                            "      sku      = line.sku\n"
                            "      quantity = line.quantity\n"
                            "    }\n"
                            "    e = 5\n"
                            "    ffffff = g +\n"
                            "        h\n"
                            "    ii = 6\n"
                            "  }\n"
                            "}\n");
  }
  SECTION("a name more than 24 columns longer than the shortest turns alignment off for the run") {
    std::string input = kHeader +
                        "domain d {\n"
                        "flow a.b -> c.d {\n"
                        "a = 1\n"
                        "a_very_long_target_field_name = 2\n"
                        "b = 3\n"
                        "}\n"
                        "}\n";
    CHECK(fmt(input) == kHeader +
                            "domain d {\n"
                            "  flow a.b -> c.d {\n"
                            "    a = 1\n"
                            "    a_very_long_target_field_name = 2\n"
                            "    b = 3\n"
                            "  }\n"
                            "}\n");
  }
}

TEST_CASE("fmt lines up trailing comments of consecutive lines", "[fmt]") {
  std::string input = kHeader +
                      "system woo: woocommerce # shop\n"
                      "system erp: netsuite          # ERP\n"
                      "\n"
                      "domain d {   # a domain\n"
                      "  owner woo # owner\n"
                      "  key lower(woo.customer.email) <-> erp.customer.email # far too long to align with\n"
                      "}\n";
  CHECK(fmt(input) == kHeader +
                          "system woo: woocommerce  # shop\n"
                          "system erp: netsuite     # ERP\n"
                          "\n"
                          "domain d {  # a domain\n"
                          "  owner woo  # owner\n"
                          "  key lower(woo.customer.email) <-> erp.customer.email  # far too long to align with\n"
                          "}\n");
}

TEST_CASE("fmt writes LF line ends, no trailing blanks and exactly one final newline", "[fmt]") {
  CHECK(fmt("mapping m version 1\r\nsystem woo: woocommerce   \r\n\r\n\r\n") ==
        "mapping m version 1\nsystem woo: woocommerce\n");
  CHECK(fmt("mapping m version 1\nsystem woo: woocommerce") == "mapping m version 1\nsystem woo: woocommerce\n");
  CHECK(fmt("mapping m version 1 # c\t \r\n") == "mapping m version 1  # c\n");
}

TEST_CASE("fmt refuses a file with syntax errors and reports them", "[fmt]") {
  auto [input, code] = GENERATE(table<std::string, std::string>({
      {kHeader + "domain d {\n  owner\n", "P0001"},
      {kHeader + "domain d { owner woo }\n}\n", "P0001"},
      {kHeader + "table t: string -> string { \"a => \"b\" }\n", "P0002"},
      {kHeader + "system woo: woocommerce $\n", "P0003"},
      {"system woo: woocommerce\n", "P0005"},
  }));
  Attempt attempt = try_format(input);
  CHECK_FALSE(attempt.result.ok);
  CHECK(attempt.result.text.empty());
  REQUIRE_FALSE(attempt.codes.empty());
  CHECK(std::any_of(attempt.codes.begin(), attempt.codes.end(),
                    [&](const std::string& c) { return c.starts_with(code); }));
}

TEST_CASE("a full mapping formats to the canonical layout", "[fmt]") {
  std::string input = R"(

mapping woocommerce_netsuite version 3

system woo:woocommerce          # built-in schemas of WooCommerce REST v3 records
system erp : netsuite    # connector kind



table order_status: string->string {     # lint: must cover every order status

  "processing" => "_pendingFulfillment"
    "on-hold"=>"_pendingApproval"
  default      => reject "order status has no ERP equivalent"

}

domain orders {
	owner woo
	key woo.order.id<->erp.salesOrder.externalId
	sync realtime on woo "order.created","order.updated"
	     when status in ["processing","completed", "on-hold"]
	idempotency woo.order.id , woo.order.date_modified_gmt
	retry 6 backoff 2s .. 10m then dead_letter
	flow woo.order -> erp.salesOrder {
	  externalId = "WOO-" + number
	  entity = ref(customers, lower(billing.email)) # through the cross-reference store
	  orderStatus = order_status [status]
	  shippingCost = shipping_total # money: exact decimal
	  item = for line in line_items {
	    item = ref(products, line.sku)
	    rate = round(line.subtotal/line.quantity, 2, half_even)
	  }
	}
	check total==sum(line_items.total)+shipping_total else "order totals do not balance"
}

workflow returns {   # each step a durable checkpoint
  start on woo "order.updated" when refunds != []
  step authorize { check total > 0 else "nothing to refund" }
}
)";
  std::string expected = R"(mapping woocommerce_netsuite version 3

system woo: woocommerce  # built-in schemas of WooCommerce REST v3 records
system erp: netsuite     # connector kind

table order_status: string -> string {  # lint: must cover every order status
  "processing" => "_pendingFulfillment"
  "on-hold"    => "_pendingApproval"
  default      => reject "order status has no ERP equivalent"
}

domain orders {
  owner woo
  key woo.order.id <-> erp.salesOrder.externalId
  sync realtime on woo "order.created", "order.updated"
      when status in ["processing", "completed", "on-hold"]
  idempotency woo.order.id, woo.order.date_modified_gmt
  retry 6 backoff 2s..10m then dead_letter
  flow woo.order -> erp.salesOrder {
    externalId   = "WOO-" + number
    entity       = ref(customers, lower(billing.email))  # through the cross-reference store
    orderStatus  = order_status[status]
    shippingCost = shipping_total  # money: exact decimal
    item = for line in line_items {
      item = ref(products, line.sku)
      rate = round(line.subtotal / line.quantity, 2, half_even)
    }
  }
  check total == sum(line_items.total) + shipping_total else "order totals do not balance"
}

workflow returns {  # each step a durable checkpoint
  start on woo "order.updated" when refunds != []
  step authorize { check total > 0 else "nothing to refund" }
}
)";
  CHECK(fmt(input) == expected);
}

TEST_CASE("fmt is idempotent and keeps every token of the repository's mapping files", "[fmt]") {
#ifdef SYNCLOOM_SOURCE_DIR
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const char* dir : {"mappings", "tests"}) {
    fs::path root = fs::path(SYNCLOOM_SOURCE_DIR) / dir;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) continue;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".loom") files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string text = read_file(file);
    INFO(file.string());
    Attempt once = try_format(text);
    if (!once.result.ok) continue;  // a golden case of a syntax error: refusing it is right
    Attempt twice = try_format(once.result.text);
    REQUIRE(twice.result.ok);
    CHECK(twice.result.text == once.result.text);
    CHECK(tokens_of(once.result.text) == tokens_of(text));
  }
  SUCCEED(files.size() << " .loom files checked");
#else
  SUCCEED("SYNCLOOM_SOURCE_DIR is not defined: no repository files to check");
#endif
}
