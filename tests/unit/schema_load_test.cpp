// Loading schema YAML from text: the format, and errors that name file and line.
#include <catch2/catch.hpp>

#include <string>

#include "syncloom/schema/schema.hpp"

using namespace syncloom::schema;

namespace {

constexpr const char* kShop = R"y(kind: shop
doc: A test shop
topics: [order.created, order.updated]
structs:
  line:                          # uses `money` before it is defined
    doc: An order line
    fields:
      sku: string
      price: money
  money:
    fields:
      amount: decimal
      currency: {type: "string?", doc: "ISO code"}
records:
  order:
    doc: An order
    id: id
    fields:
      id: {type: int, read_only: true}
      status: "enum+(pending, on-hold, checkout-draft)"
      tags: [string]
      lines: "[line]"
      name: {type: string, required: true, doc: "Who ordered"}
      paid: {type: bool, required: yes}
)y";

SystemSchema load_ok(std::string_view yaml) {
  LoadResult r = load_schema_text(yaml, "test.yaml");
  INFO(r.error);
  REQUIRE(r.schema);
  CHECK(r.error.empty());
  return *r.schema;
}

std::string load_error(std::string_view yaml) {
  LoadResult r = load_schema_text(yaml, "schemas/bad.yaml");
  CHECK_FALSE(r.schema);
  REQUIRE_FALSE(r.error.empty());
  return r.error;
}

}  // namespace

TEST_CASE("a schema file loads records, structs, topics and field flags", "[schema][load]") {
  SystemSchema s = load_ok(kShop);
  CHECK(s.kind == "shop");
  CHECK(s.doc == "A test shop");
  CHECK(s.source_path == "test.yaml");
  CHECK(s.topics == std::vector<std::string>{"order.created", "order.updated"});
  REQUIRE(s.structs.count("line") == 1);
  CHECK(s.structs["line"]->name == "shop.line");
  CHECK(s.structs["line"]->doc == "An order line");

  const RecordSchema* order = s.find_record("order");
  REQUIRE(order);
  CHECK(s.find_record("orders") == nullptr);
  CHECK(order->id_field == "id");
  CHECK(order->doc == "An order");
  CHECK(order->type->name == "shop.order");

  const FieldSchema* id = order->type->find("id");
  REQUIRE(id);
  CHECK(id->read_only);
  CHECK_FALSE(id->required);
  CHECK(id->line == 19);

  const FieldSchema* status = order->type->find("status");
  REQUIRE(status);
  CHECK(status->type->kind == TypeKind::kEnum);
  CHECK(status->type->open_enum);
  CHECK(status->type->enum_name == "shop.order.status");
  CHECK(status->type->enum_values[1] == "on-hold");

  CHECK(order->type->find("tags")->type->to_string() == "[string]");  // unquoted [T] in YAML
  CHECK(order->type->find("name")->required);
  CHECK(order->type->find("name")->doc == "Who ordered");
  CHECK(order->type->find("paid")->required);

  // Structs resolve in any order and the nested types are the shared struct objects.
  const FieldSchema* lines = order->type->find("lines");
  REQUIRE(lines->type->kind == TypeKind::kList);
  const StructType& line = *lines->type->element->struct_type;
  CHECK(&line == s.structs["line"].get());
  CHECK(line.find("price")->type->struct_type->find("currency")->type->to_string() == "string?");
}

TEST_CASE("schema errors name the file and the line", "[schema][load]") {
  auto [yaml, expected] = GENERATE(table<std::string, std::string>({
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: decimel\n",
       "schemas/bad.yaml:6: field `r.a`: unknown type `decimel` (did you mean `decimal`?)"},
      {"kind: x\ncolour: red\n", "schemas/bad.yaml:2: unknown key `colour` in a schema file"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: {type: int, requird: true}\n",
       "schemas/bad.yaml:6: unknown key `requird` in field `r.a` (did you mean `required`?)"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: {type: int, required: maybe}\n",
       "schemas/bad.yaml:6: `required` must be true or false"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: {type: int, required: true, read_only: true}\n",
       "schemas/bad.yaml:6: field `r.a` cannot be both required"},
      {"kind: x\nrecords:\n  r:\n    id: b\n    fields:\n      a: int\n",
       "schemas/bad.yaml:4: `id: b` is not a field of record `r`"},
      {"kind: x\nrecords:\n  r:\n    fields:\n      a: int\n", "schemas/bad.yaml:3: record `r` needs `id:`"},
      {"kind: x\nrecords:\n  r:\n    id: a\n", "schemas/bad.yaml:3: record `r` needs `fields:`"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a:\n", "schemas/bad.yaml:6: field `r.a` needs a type"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: int\n      a: string\n",
       "schemas/bad.yaml:7: field `a` of `r` defined twice"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: {doc: no type}\n",
       "schemas/bad.yaml:6: field `r.a` needs `type:`"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: [int, string]\n",
       "schemas/bad.yaml:6: field `r.a`: expected a type"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      my-field: int\n",
       "schemas/bad.yaml:6: `my-field` cannot name a field"},
      {"kind: x\nstructs:\n  int:\n    fields: {a: int}\n", "schemas/bad.yaml:3: `int` cannot name a struct"},
      {"kind: x\nstructs:\n  s:\n    fields: {a: int}\nrecords:\n  s:\n    id: a\n    fields: {a: int}\n",
       "schemas/bad.yaml:6: `s` is both a record and a struct"},
      {"kind: x\nstructs:\n  s:\n    fields: {a: r}\nrecords:\n  r:\n    id: a\n    fields: {a: int}\n",
       "`r` is a record, not a struct"},
      {"kind: x\ntopics: order.created\n", "schemas/bad.yaml:2: `topics` must be a list"},
      {"kind: x\ntopics: [a.b, a.b]\n", "schemas/bad.yaml:2: topic `a.b` listed twice"},
      {"kind: x\ntopics: [order.created]\nrecords:\n  r:\n    id: a\n    fields: {a: int}\n",
       "schemas/bad.yaml:2: topic `order.created` names no record `order` of this schema"},
      {"kind: x\ntopics: [created]\nrecords:\n  r:\n    id: a\n    fields: {a: int}\n",
       "schemas/bad.yaml:2: topic `created` must be RECORD.EVENT"},
      {"doc: no kind\n", "schemas/bad.yaml:1: missing `kind:`"},
      {"kind: [x]\n", "schemas/bad.yaml:1: `kind` must be a string"},
      {"kind: net suite\n", "`kind` must be a plain name"},
      {"", "schemas/bad.yaml:1: the schema file is empty"},
      {"- a\n- b\n", "schemas/bad.yaml:1: a schema file must be a map"},
      {"kind: x\nrecords: [a]\n", "schemas/bad.yaml:2: `records` must be a map"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: {type: int\n", "schemas/bad.yaml:7: invalid YAML"},
      {"kind: x\n\tbad: tab\n", "schemas/bad.yaml:"},
      {"kind: x\nrecords:\n  r:\n    id: a\n    fields:\n      a: {type: int?, doc: x}\n",
       "schemas/bad.yaml:6: invalid YAML: unknown token (inside {...} quote type spellings with `?`"},
  }));
  std::string error = load_error(yaml);
  INFO("yaml:\n" << yaml << "\nerror: " << error);
  CHECK_THAT(error, Catch::Contains(expected));
}

TEST_CASE("structs that contain themselves are rejected", "[schema][load]") {
  std::string error = load_error(R"y(kind: x
structs:
  a:
    fields:
      b: "[b]"
  b:
    fields:
      back: a?
)y");
  CHECK(error == "schemas/bad.yaml:8: field `b.back` makes a struct contain itself: a -> b -> a");
  CHECK_THAT(load_error("kind: x\nstructs:\n  node:\n    fields:\n      next: node?\n"),
             Catch::Contains(":5: field `node.next` makes a struct contain itself: node -> node"));
}

TEST_CASE("malformed YAML never throws out of the loader", "[schema][load]") {
  auto yaml = GENERATE(as<std::string>{}, "{", "[", "kind: x\nrecords: {r: {id: a, fields: {a: }}}", "*alias",
                       "kind: &a x\nrecords: *a", "kind: x\nstructs: {s: {fields: [1, 2]}}",
                       "kind: x\nrecords:\n  ? [complex, key]\n  : 1\n", "kind: x\nrecords: {r: 5}",
                       "kind: x\nrecords: {r: {id: [a], fields: {a: int}}}", "kind: x\ndoc: {a: b}",
                       "kind: x\nrecords: {r: {id: a, fields: {a: {type: {nested: map}}}}}", "\xff\xfe\x00garbage",
                       "kind: x\nstructs: {s: {fields: {a: \"enum(\"}}}");
  LoadResult r;
  REQUIRE_NOTHROW(r = load_schema_text(yaml, "fuzz.yaml"));
  INFO("yaml: " << yaml << "\nerror: " << r.error);
  CHECK_FALSE(r.schema);
  CHECK_THAT(r.error, Catch::StartsWith("fuzz.yaml:"));
}

TEST_CASE("YAML anchors share one field list between records", "[schema][load]") {
  SystemSchema s = load_ok(R"y(kind: erp
records:
  invoice:
    id: id
    fields: &doc_fields
      id: int
      state: enum(draft, posted)
  creditMemo:
    id: id
    fields: *doc_fields
)y");
  CHECK(s.find_record("creditMemo")->type->find("state")->type->enum_name == "erp.creditMemo.state");
  CHECK(s.find_record("invoice")->type->find("state")->type->enum_name == "erp.invoice.state");
}

TEST_CASE("load_schema_file reports files it cannot open", "[schema][load]") {
  LoadResult r = load_schema_file("/nonexistent/dir/x.yaml");
  CHECK_FALSE(r.schema);
  CHECK(r.error == "/nonexistent/dir/x.yaml: cannot open the schema file");
}
