// Type spellings (parse_type), their printed form, and structural type equality.
#include <catch2/catch.hpp>

#include <string>

#include "syncloom/schema/schema.hpp"

using namespace syncloom::schema;

namespace {

// A schema with one struct, enough for struct names in spellings.
SystemSchema schema_with_address() {
  SystemSchema s;
  s.kind = "woocommerce";
  auto address = std::make_shared<StructType>();
  address->name = "woocommerce.address";
  address->fields.push_back(FieldSchema{"city", Type::make(TypeKind::kString), false, false, "", 1});
  s.structs["address"] = address;
  s.structs["line_item"] = std::make_shared<StructType>(StructType{"woocommerce.line_item", "", {}, {}});
  s.records["order"] = RecordSchema{std::make_shared<StructType>(StructType{"woocommerce.order", "", {}, {}}), "id", ""};
  return s;
}

TypePtr parse_ok(std::string_view spelling) {
  std::string error;
  TypePtr t = parse_type(spelling, schema_with_address(), error);
  INFO("spelling: " << spelling << " error: " << error);
  REQUIRE(t);
  CHECK(error.empty());
  return t;
}

std::string parse_error(std::string_view spelling) {
  std::string error;
  TypePtr t = parse_type(spelling, schema_with_address(), error);
  INFO("spelling: " << spelling);
  CHECK_FALSE(t);
  CHECK_FALSE(error.empty());
  return error;
}

}  // namespace

TEST_CASE("scalar spellings parse to their kinds and print back", "[schema][type]") {
  auto [spelling, kind] = GENERATE(table<std::string, TypeKind>({
      {"int", TypeKind::kInt},
      {"decimal", TypeKind::kDecimal},
      {"float", TypeKind::kFloat},
      {"string", TypeKind::kString},
      {"bool", TypeKind::kBool},
      {"date", TypeKind::kDate},
      {"timestamp", TypeKind::kTimestamp},
      {"any", TypeKind::kAny},
      {"meta", TypeKind::kMeta},
  }));
  TypePtr t = parse_ok(spelling);
  CHECK(t->kind == kind);
  CHECK_FALSE(t->optional);
  CHECK(t->to_string() == spelling);
}

TEST_CASE("optional and list spellings nest both ways", "[schema][type]") {
  auto [spelling, printed] = GENERATE(table<std::string, std::string>({
      {"decimal?", "decimal?"},
      {"[int]", "[int]"},
      {"[int]?", "[int]?"},
      {"[int?]", "[int?]"},
      {"[[string]]", "[[string]]"},
      {" [ decimal ? ] ? ", "[decimal?]?"},
      {"address", "woocommerce.address"},
      {"address?", "woocommerce.address?"},
      {"[line_item]", "[woocommerce.line_item]"},
      {"woocommerce.address", "woocommerce.address"},
  }));
  CHECK(parse_ok(spelling)->to_string() == printed);
}

TEST_CASE("a list spelling keeps element and optional-ness apart", "[schema][type]") {
  TypePtr t = parse_ok("[address?]?");
  REQUIRE(t->kind == TypeKind::kList);
  CHECK(t->optional);
  REQUIRE(t->element);
  CHECK(t->element->kind == TypeKind::kStruct);
  CHECK(t->element->optional);
  CHECK(t->element->struct_type->name == "woocommerce.address");
  CHECK(t->element->struct_type->find("city") != nullptr);
  CHECK(t->element->struct_type->find("street") == nullptr);
}

TEST_CASE("enum spellings accept dashes, underscores, quotes and open enums", "[schema][type]") {
  SECTION("closed enum of WooCommerce statuses") {
    TypePtr t = parse_ok("enum(pending, on-hold, checkout-draft, _pendingBilling)");
    REQUIRE(t->kind == TypeKind::kEnum);
    CHECK_FALSE(t->open_enum);
    CHECK(t->enum_values == std::vector<std::string>{"pending", "on-hold", "checkout-draft", "_pendingBilling"});
    CHECK(t->enum_name.empty());
    CHECK(t->is_stringlike());
  }
  SECTION("open enum, no spaces, trailing comma") {
    TypePtr t = parse_ok("enum+(a,b,)");
    CHECK(t->open_enum);
    CHECK(t->enum_values.size() == 2);
    CHECK(t->to_string() == "enum+(a, b)");
  }
  SECTION("quoted values may hold spaces and print quoted") {
    TypePtr t = parse_ok(R"y(enum(Item, "Fixed Asset", 'G/L Account')?)y");
    CHECK(t->optional);
    CHECK(t->enum_values[1] == "Fixed Asset");
    CHECK(t->to_string() == R"y(enum(Item, "Fixed Asset", "G/L Account")?)y");
  }
  SECTION("long enums are cut when printed") {
    TypePtr t = parse_ok("enum(a, b, c, d, e, f, g, h)");
    CHECK(t->to_string() == "enum(a, b, c, d, e, f, ...)");
  }
}

TEST_CASE("bad type spellings give a precise error", "[schema][type]") {
  auto [spelling, expected] = GENERATE(table<std::string, std::string>({
      {"", "empty type spelling"},
      {"   ", "empty type spelling"},
      {"decimel", "unknown type `decimel` (did you mean `decimal`?)"},
      {"adress", "(did you mean `address`?)"},
      {"order", "`order` is a record, not a struct"},
      {"[int", "expected `]`"},
      {"int]", "unexpected `]` after the type"},
      {"int??", "`?` given twice"},
      {"int x", "unexpected `x` after the type"},
      {"?", "unexpected `?`, expected a type"},
      {"[]", "unexpected `]`, expected a type"},
      {"enum", "expected `(` after `enum`"},
      {"enum+", "expected `(` after `enum+`"},
      {"enum()", "expected an enum value"},
      {"enum(a, a)", "enum value `a` listed twice"},
      {"enum(a b)", "expected `,` or `)`"},
      {"enum(a", "expected `)` to close the enum"},
      {"enum(\"a)", "unterminated quoted enum value"},
      {"enum(a, {b})", "unexpected `{` in an enum value"},
  }));
  std::string error = parse_error(spelling);
  INFO("error: " << error);
  CHECK_THAT(error, Catch::Contains(expected));
}

TEST_CASE("errors inside composite spellings quote the whole spelling", "[schema][type]") {
  CHECK(parse_error("[decimel]?") == "unknown type `decimel` (did you mean `decimal`?) in type `[decimel]?`");
  CHECK(parse_error("decimel") == "unknown type `decimel` (did you mean `decimal`?)");
}

TEST_CASE("same_type compares structure, optional-ness on request", "[schema][type]") {
  SystemSchema s = schema_with_address();
  std::string e;
  auto p = [&](std::string_view sp) { return parse_type(sp, s, e); };
  CHECK(same_type(*p("[decimal]"), *p("[decimal]")));
  CHECK_FALSE(same_type(*p("[decimal]"), *p("[decimal?]")));
  CHECK(same_type(*p("[decimal]"), *p("[decimal?]?"), true));
  CHECK_FALSE(same_type(*p("decimal"), *p("float"), true));
  CHECK(same_type(*p("enum(a, b)"), *p("enum(a,b)")));
  CHECK_FALSE(same_type(*p("enum(a, b)"), *p("enum+(a, b)")));
  CHECK_FALSE(same_type(*p("enum(a, b)"), *p("enum(b, a)")));
  CHECK(same_type(*p("address"), *p("woocommerce.address")));
  CHECK_FALSE(same_type(*p("address"), *p("line_item")));

  // A struct of the same qualified name from another load counts as the same type.
  auto other = std::make_shared<StructType>(StructType{"woocommerce.address", "", {}, {}});
  CHECK(same_type(*Type::make_struct(other), *p("address")));
}

TEST_CASE("type factories set what they say", "[schema][type]") {
  TypePtr d = Type::make(TypeKind::kDecimal);
  CHECK(d->is_numeric());
  CHECK(Type::with_optional(d, false) == d);  // unchanged: the same shared object
  TypePtr od = Type::with_optional(d, true);
  CHECK(od->optional);
  CHECK_FALSE(d->optional);
  CHECK(od->to_string() == "decimal?");

  TypePtr e = Type::make_enum({"x"}, true, "woocommerce.order.status", true);
  CHECK(e->enum_name == "woocommerce.order.status");
  CHECK(e->to_string() == "enum+(x)?");
  CHECK(Type::make_list(Type::make(TypeKind::kInt), true)->to_string() == "[int]?");
  CHECK(Type::make(TypeKind::kNull, true)->to_string() == "null");
  CHECK(Type::make(TypeKind::kNever)->to_string() == "never");
  CHECK(Type::make(TypeKind::kError)->to_string() == "<error>");
  CHECK(Type::with_optional(nullptr, true) == nullptr);
}
