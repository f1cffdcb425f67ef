// Where a rejection points, over generated list expressions: 1-4 comprehensions joined by `+` (grouped
// every way), `if` choosing, filters, nested lists, `=>` value lists, list literals, lets, computed lists,
// with the failure placed at every position it can take. A small model of docs/semantics.md ("Where a
// rejection points") says which output path and input path each failure must name; both engines must say
// exactly that.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "syncloom/syncloom.hpp"

namespace fs = std::filesystem;

namespace {

// ---- the source record, as the model sees it -----------------------------------------------------------

struct Tax {
  int64_t id = 1;
  bool has_id = true, has_total = true;
};
struct Element {
  int64_t id = 1;
  bool has_id = true, has_text = true;
  std::vector<Tax> taxes;
};
/// One WooCommerce order list the comprehensions read: its text field and whether its elements have taxes.
struct Source {
  const char* list;
  const char* text;
  bool taxes;
};
const Source kSources[] = {{"line_items", "name", true}, {"shipping_lines", "method_title", true},
                           {"fee_lines", "name", true}, {"coupon_lines", "code", false}};
constexpr int kAddresses = 4;  ///< a pseudo source: the list literal `[billing, shipping]`

struct Record {
  std::vector<Element> lists[4];
  bool address_text[2] = {true, true};  ///< first_name of billing, shipping
  bool address_kept[2] = {true, true};  ///< country != "XX"
  bool processing = true;

  std::string json() const {
    std::string s = "{\"id\":1,\"status\":\"" + std::string(processing ? "processing" : "completed") + "\"";
    for (int l = 0; l < 4; ++l) {
      s += ",\"" + std::string(kSources[l].list) + "\":[";
      for (size_t i = 0; i < lists[l].size(); ++i) {
        const Element& e = lists[l][i];
        s += i ? ",{" : "{";
        s += "\"total\":\"1.00\"";
        if (e.has_id) s += ",\"id\":" + std::to_string(e.id);
        if (e.has_text) s += ",\"" + std::string(kSources[l].text) + "\":\"t" + std::to_string(i) + "\"";
        s += ",\"taxes\":[";
        for (size_t m = 0; m < e.taxes.size(); ++m) {
          s += m ? ",{" : "{";
          std::string sep;
          if (e.taxes[m].has_id) s += "\"id\":" + std::to_string(e.taxes[m].id), sep = ",";
          if (e.taxes[m].has_total) s += sep + "\"total\":\"0.10\"";
          s += "}";
        }
        s += "]}";
      }
      s += "]";
    }
    const char* names[2] = {"billing", "shipping"};
    for (int a = 0; a < 2; ++a) {
      s += ",\"" + std::string(names[a]) + "\":{\"country\":\"" + (address_kept[a] ? "DE" : "XX") + "\"";
      if (address_text[a]) s += ",\"first_name\":\"n" + std::to_string(a) + "\"";
      s += "}";
    }
    return s + "}";
  }
};

/// What the model expects: an output path and the input path of the failed read (nothing: no rejection).
struct Failure {
  std::string path, input;
};
struct ModelFailure {
  Failure failure;
};
[[noreturn]] void fail(const std::string& path, const std::string& input) { throw ModelFailure{{path, input}}; }

// ---- generated list expressions ------------------------------------------------------------------------

struct Gen;
/// A list expression: its source text and the model of writing it (or computing it as a value).
struct ListExpr {
  std::function<std::string()> source;
  /// Writes (or counts) the elements at `base` ("lines"; "" inside a value); `count` is the list's length so far.
  std::function<void(const Record&, const std::string& base, bool written, int64_t& count)> write;
  bool open_right = false;  ///< takes everything to its right (`if`, `for ... => v`): parenthesised before a `+`
};

struct Gen {
  std::mt19937 rng;
  bool values;  ///< building `tags` (`=>` lists of text) rather than `lines` (object bodies)
  std::vector<std::string> lets;  ///< let statements the expression refers to, in order
  std::vector<std::function<void(const Record&)>> let_models;  ///< evaluated before the fields
  int vars = 0;

  int pick(int n) { return int(rng() % unsigned(n)); }

  /// The elements a part iterates, with their input spelling: a record list, a let naming it, a
  /// computed list (`for y in L => y`, spelt by the loop variable), or the literal `[billing, shipping]`.
  struct Iterable {
    std::string text;
    int source;
    bool computed = false, inner_filter = false;
  };
  Iterable iterable(bool allow_addresses) {
    int s = pick(allow_addresses ? 5 : 4);
    if (s == kAddresses) return {"[billing, shipping]", kAddresses};
    std::string list = kSources[s].list;
    switch (pick(4)) {
      case 0: {
        std::string name = "alias" + std::to_string(vars++);
        lets.push_back("let " + name + " = " + list);
        let_models.push_back([](const Record&) {});
        return {name, s};
      }
      case 1: {
        bool filtered = pick(2) == 0;
        std::string y = "y" + std::to_string(vars++);
        return {"(for " + y + " in " + list + (filtered ? " when " + y + ".id > 0" : "") + " => " + y + ")", s, true, filtered};
      }
      default: return {list, s};
    }
  }

  ListExpr part() {
    Iterable it = iterable(true);
    std::string x = "x" + std::to_string(vars++);
    bool addresses = it.source == kAddresses;
    bool filter = pick(2) == 0;
    bool taxes = !values && !addresses && kSources[it.source].taxes && pick(2) == 0;
    bool tax_filter = pick(2) == 0;
    std::string t = "t" + std::to_string(vars++);
    std::string text = addresses ? "first_name" : kSources[it.source].text;
    std::string src = "for " + x + " in " + it.text;
    if (filter) src += addresses ? " when " + x + ".country != \"XX\"" : " when " + x + ".id > 0";
    if (values) {
      src += " => " + x + "." + text;
    } else {
      src += " {\n      label = " + x + "." + text;
      if (taxes) src += "\n      taxes = for " + t + " in " + x + ".taxes" + (tax_filter ? " when " + t + ".id > 0" : "") + " { amount = " + t + ".total }";
      src += "\n    }";
    }
    auto write = [=, this](const Record& r, const std::string& base, bool written, int64_t& count) {
      struct Item {
        const Element* e;
        int address;
        std::string origin;
      };
      std::vector<Item> items;
      const char* names[2] = {"billing", "shipping"};
      if (addresses) {
        for (int a = 0; a < 2; ++a) items.push_back({nullptr, a, names[a]});
      } else {
        const auto& list = r.lists[it.source];
        for (size_t i = 0; i < list.size(); ++i) {
          std::string at = std::string(kSources[it.source].list) + "[" + std::to_string(i) + "]";
          if (it.computed && it.inner_filter) {
            // The inner loop is a value: its filter fails where the enclosing output is.
            if (!list[i].has_id) fail(base, at + ".id");
            if (list[i].id <= 0) continue;
          }
          items.push_back({&list[i], -1, it.computed ? x : at});
        }
      }
      for (const Item& item : items) {
        if (filter) {
          if (item.e && !item.e->has_id) fail(base, item.origin + ".id");
          if (item.e ? item.e->id <= 0 : !r.address_kept[item.address]) continue;
        }
        std::string at = written ? base + "[" + std::to_string(count) + "]" : base;
        ++count;
        bool has_text = item.e ? item.e->has_text : r.address_text[item.address];
        if (!has_text) fail(values || !written ? at : at + ".label", item.origin + "." + text);
        if (!taxes) continue;
        int64_t j = 0;
        for (size_t m = 0; m < item.e->taxes.size(); ++m) {
          const Tax& tax = item.e->taxes[m];
          std::string tax_at = item.origin + ".taxes[" + std::to_string(m) + "]";
          std::string list_at = written ? at + ".taxes" : base;
          if (tax_filter) {
            if (!tax.has_id) fail(list_at, tax_at + ".id");
            if (tax.id <= 0) continue;
          }
          std::string amount_at = written ? list_at + "[" + std::to_string(j) + "].amount" : base;
          ++j;
          if (!tax.has_total) fail(amount_at, tax_at + ".total");
        }
      }
    };
    // Sometimes the part is computed in a let first: a value, whose failures point at the record itself.
    // (A let of objects cannot be written into the target's list: it is only counted, by a check.)
    if (pick(5) == 0) {
      std::string name = "part" + std::to_string(vars++);
      lets.push_back("let " + name + " = " + src);
      auto counted = std::make_shared<int64_t>(0);
      let_models.push_back([=](const Record& r) {
        *counted = 0;
        write(r, "", false, *counted);
      });
      if (values) return {[=] { return name; }, [=](const Record&, const std::string&, bool, int64_t& count) { count += *counted; }};
      lets.push_back("check count(" + name + ") >= 0 else \"never\"");
    }
    return {[=] { return src; }, write, values};
  }

  ListExpr literal() {
    // `["k0", "k1"]`: elements that cannot fail but take places in the output.
    int n = 1 + pick(2);
    std::string src = "[";
    for (int i = 0; i < n; ++i) src += (i ? ", \"k" : "\"k") + std::to_string(i) + "\"";
    src += "]";
    return {[=] { return src; }, [=](const Record&, const std::string&, bool, int64_t& count) { count += n; }};
  }

  /// A list of `parts` comprehensions (and literals), grouped and chosen at random.
  ListExpr list(int parts) {
    if (parts == 1) {
      if (values && pick(4) == 0) return literal();
      ListExpr p = part();
      if (pick(4) == 0) return {[=] { return "(" + p.source() + ")"; }, p.write, false};
      return p;
    }
    if (pick(4) == 0) {
      // `if` choosing between two lists of these parts each.
      ListExpr a = list(parts), b = list(1 + pick(parts));
      return {[=] { return "if status == \"processing\" then " + a.source() + " else " + b.source(); },
              [=](const Record& r, const std::string& base, bool written, int64_t& count) {
                (r.processing ? a : b).write(r, base, written, count);
              },
              true};
    }
    int left = 1 + pick(parts - 1);
    ListExpr a = list(left), b = list(parts - left);
    bool paren_a = a.open_right || pick(2) == 0, paren_b = pick(2) == 0;
    return {[=] { return (paren_a ? "(" + a.source() + ")" : a.source()) + " + " + (paren_b ? "(" + b.source() + ")" : b.source()); },
            [=](const Record& r, const std::string& base, bool written, int64_t& count) {
              a.write(r, base, written, count);
              b.write(r, base, written, count);
            },
            !paren_b && b.open_right};
  }
};

const char* kSchema = R"(kind: tryton
structs:
  docTax:
    fields:
      amount: {type: decimal, required: true}
  docLine:
    fields:
      label: {type: string, required: true}
      taxes: "[docTax]?"
records:
  doc:
    id: ref
    fields:
      ref: {type: int, required: true}
      lines: "[docLine]?"
      tags: "[string]?"
)";

/// Every record shape worth a failure: each element and tax broken in each way, one at a time.
std::vector<std::pair<Record, std::string>> records(std::mt19937& rng) {
  Record base;
  for (int l = 0; l < 4; ++l) {
    size_t n = 1 + rng() % 3;
    for (size_t i = 0; i < n; ++i) {
      Element e;
      e.id = rng() % 4 == 0 ? -1 : int64_t(i + 1);
      if (kSources[l].taxes)
        for (size_t m = 0, k = rng() % 3; m < k; ++m) e.taxes.push_back({rng() % 3 == 0 ? -1 : int64_t(m + 1), true, true});
      base.lists[l].push_back(e);
    }
  }
  base.address_kept[rng() % 2] = rng() % 2 == 0;
  std::vector<std::pair<Record, std::string>> out;
  for (bool processing : {true, false}) {
    Record r = base;
    r.processing = processing;
    out.push_back({r, "intact"});
    for (int l = 0; l < 4; ++l)
      for (size_t i = 0; i < r.lists[l].size(); ++i) {
        std::string what = std::string(kSources[l].list) + "[" + std::to_string(i) + "]";
        Record broken = r;
        broken.lists[l][i].has_text = false;
        out.push_back({broken, what + " without text"});
        broken = r;
        broken.lists[l][i].has_id = false;
        out.push_back({broken, what + " without id"});
        for (size_t m = 0; m < r.lists[l][i].taxes.size(); ++m) {
          broken = r;
          broken.lists[l][i].taxes[m].has_total = false;
          out.push_back({broken, what + ".taxes[" + std::to_string(m) + "] without total"});
          broken = r;
          broken.lists[l][i].taxes[m].has_id = false;
          out.push_back({broken, what + ".taxes[" + std::to_string(m) + "] without id"});
        }
      }
    for (int a = 0; a < 2; ++a) {
      Record broken = r;
      broken.address_text[a] = false;
      out.push_back({broken, std::string(a ? "shipping" : "billing") + " without first_name"});
    }
  }
  return out;
}

}  // namespace

TEST_CASE("rejections name the output and input paths over every shape of list expression, on both engines",
          "[paths][jit]") {
  fs::path dir = fs::temp_directory_path() / ("syncloom-paths-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "gen.yaml") << kSchema;
  std::mt19937 rng(20240508);
  int checked = 0, rejected = 0;
  for (int shape = 0; shape < 120; ++shape) {
    Gen lines{std::mt19937(rng()), false, {}, {}, 0};
    ListExpr lines_expr = lines.list(1 + shape % 4);
    Gen tags{std::mt19937(rng()), true, {}, {}, 100};
    ListExpr tags_expr = tags.list(1 + (shape / 4) % 4);
    std::string source = "mapping gen version 1\n\nsystem woo: woocommerce\nsystem erp: tryton schema \"gen.yaml\"\n\n"
                         "domain docs {\n  owner woo\n  key woo.order.id <-> erp.doc.ref\n  sync event on woo \"order.created\"\n"
                         "  flow woo.order -> erp.doc {\n";
    for (const auto* g : {&lines, &tags})
      for (const auto& l : g->lets) source += "    " + l + "\n";
    source += "    ref = id\n    lines = " + lines_expr.source() + "\n    tags = " + tags_expr.source() + "\n  }\n}\n";
    INFO("mapping:\n" << source);
    syncloom::CompileOptions options;
    options.engine = syncloom::Engine::kJit;
    options.use_cache = false;
    auto compiled = syncloom::compile_source((dir / "gen.loom").string(), source, options);
    INFO(compiled.diagnostics);
    REQUIRE(compiled.mapping);
    auto pipeline = compiled.mapping->pipeline("docs");
    REQUIRE(pipeline);
    INFO("fallback: " << pipeline->fallback_reason());
    REQUIRE(pipeline->native());
    for (const auto& [record, what] : records(rng)) {
      Failure expected;
      bool fails = false;
      try {
        for (const auto* g : {&lines, &tags})
          for (const auto& m : g->let_models) m(record);
        int64_t count = 0;
        lines_expr.write(record, "lines", true, count);
        count = 0;
        tags_expr.write(record, "tags", true, count);
      } catch (const ModelFailure& f) {
        expected = f.failure, fails = true;
      }
      std::string json = record.json();
      INFO("record (" << what << "): " << json);
      auto jit = pipeline->run(json);
      auto interp = pipeline->reference().run(json);
      CHECK(jit.outcome == interp.outcome);
      CHECK(jit.output == interp.output);
      CHECK(jit.error_path == interp.error_path);
      CHECK(jit.error == interp.error);
      ++checked;
      if (!fails) {
        CHECK(interp.outcome == syncloom::Outcome::kOutput);
        continue;
      }
      ++rejected;
      REQUIRE(interp.outcome == syncloom::Outcome::kRejected);
      CHECK(interp.error_path == expected.path);
      CHECK(interp.error == "input `" + expected.input + "`: is missing or null, but the schema requires it");
    }
  }
  fs::remove_all(dir);
  CHECK(rejected > 1000);
  CHECK(checked > rejected);
}
