// The transform benchmark's baseline: bench/orders_bench.loom written by hand in C++ over simdjson's on-demand
// API, with exact decimal money from the project's stdlib. It writes the same bytes as
// `syncloom map bench/orders_bench.loom --flow orders` (output and rejects), and is what the JIT must come
// within 1.25x of (bench/README.md).
//
//   handwritten_simdjson orders.ndjson out.ndjson rejects.ndjson
//
// It does what a careful programmer would, and what the JIT is meant to do (typed layouts, lazy decoding):
// one reused parser, one pass over each record's fields in document order, decoding only the fields the
// mapping reads, stopping at the status when the filter drops the record, and writing output directly.
#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "syncloom/stdlib/buffer.hpp"
#include "syncloom/stdlib/decimal.hpp"
#include "syncloom/stdlib/text.hpp"

namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

constexpr const char* kUnbalanced = "order totals do not balance: total is not items + shipping + tax";

struct RecordError {
  std::string reason;
};

/// The fields of one line item the mapping reads.
struct Line {
  std::string_view name;
  int64_t product_id = 0, quantity = 0;
  sl_decimal subtotal{}, total{};
};

/// The fields of one order the mapping reads (string views point into the parser's buffers).
struct Order {
  int64_t id = 0, customer_id = 0;
  std::string_view number, status, date_created_gmt, first_name, last_name, city, email;
  bool has_email = false;
  sl_decimal total{}, shipping_total{}, total_tax{};
  std::vector<Line> lines;
};

// -- reading ---------------------------------------------------------------------------------------

void check(simdjson::error_code e, const char* what) {
  if (e) throw RecordError{std::string("input `") + what + "`: " + simdjson::error_message(e)};
}

std::string_view get_str(value v, const char* what) {
  std::string_view s;
  check(v.get_string().get(s), what);
  return s;
}

int64_t get_int(value v, const char* what) {
  int64_t i;
  check(v.get_int64().get(i), what);
  return i;
}

sl_decimal get_money(value v, const char* what) {
  std::string_view s = get_str(v, what);
  sl_decimal d;
  if (s.empty() || sl_decimal_parse(s.data(), s.size(), &d) != SL_OK)
    throw RecordError{std::string("input `") + what + "`: expected a decimal, found \"" + std::string(s) + "\""};
  return d;
}

bool passes_filter(std::string_view status) { return status == "processing" || status == "completed" || status == "on-hold"; }

void read_line(object o, Line& l) {
  for (auto field : o) {
    std::string_view key;
    check(field.unescaped_key().get(key), "line_items");
    value v;
    check(field.value().get(v), "line_items");
    if (key == "name") l.name = get_str(v, "line_items.name");
    else if (key == "product_id") l.product_id = get_int(v, "line_items.product_id");
    else if (key == "quantity") l.quantity = get_int(v, "line_items.quantity");
    else if (key == "subtotal") l.subtotal = get_money(v, "line_items.subtotal");
    else if (key == "total") l.total = get_money(v, "line_items.total");
  }
}

void read_billing(object o, Order& r) {
  for (auto field : o) {
    std::string_view key;
    check(field.unescaped_key().get(key), "billing");
    value v;
    check(field.value().get(v), "billing");
    if (key == "first_name") r.first_name = get_str(v, "billing.first_name");
    else if (key == "last_name") r.last_name = get_str(v, "billing.last_name");
    else if (key == "city") r.city = get_str(v, "billing.city");
    else if (key == "email") {
      bool null = false;
      check(v.is_null().get(null), "billing.email");
      r.has_email = !null;
      if (!null) r.email = get_str(v, "billing.email");
    }
  }
}

/// Reads the fields the mapping needs; false when the status filter drops the record (the rest is not read).
bool read_order(simdjson::ondemand::document& doc, Order& r) {
  object o;
  check(doc.get_object().get(o), "record");
  for (auto field : o) {
    std::string_view key;
    check(field.unescaped_key().get(key), "record");
    value v;
    check(field.value().get(v), "record");
    switch (key.size()) {  // a cheap first dispatch, as generated code would do
      case 2:
        if (key == "id") r.id = get_int(v, "id");
        break;
      case 5:
        if (key == "total") r.total = get_money(v, "total");
        break;
      case 6:
        if (key == "number") r.number = get_str(v, "number");
        else if (key == "status") {
          r.status = get_str(v, "status");
          if (!passes_filter(r.status)) return false;
        }
        break;
      case 7:
        if (key == "billing") {
          object b;
          check(v.get_object().get(b), "billing");
          read_billing(b, r);
        }
        break;
      case 9:
        if (key == "total_tax") r.total_tax = get_money(v, "total_tax");
        break;
      case 10:
        if (key == "line_items") {
          simdjson::ondemand::array items;
          check(v.get_array().get(items), "line_items");
          for (auto item : items) {
            object lo;
            check(item.get_object().get(lo), "line_items");
            read_line(lo, r.lines.emplace_back());
          }
        }
        break;
      case 11:
        if (key == "customer_id") r.customer_id = get_int(v, "customer_id");
        break;
      case 14:
        if (key == "shipping_total") r.shipping_total = get_money(v, "shipping_total");
        break;
      case 16:
        if (key == "date_created_gmt") r.date_created_gmt = get_str(v, "date_created_gmt");
        break;
      default:
        break;
    }
  }
  return true;
}

// -- writing ---------------------------------------------------------------------------------------

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

void put_int(std::string& out, int64_t i) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, size_t(p - buf));
}

void put_decimal(std::string& out, sl_decimal d) {
  char buf[SL_DECIMAL_TEXT_MAX];
  size_t len = 0;
  if (sl_decimal_format(d, buf, &len) != SL_OK) throw RecordError{"invalid decimal value"};
  out.append(buf, len);
}

void ok(sl_status st) {
  if (st != SL_OK) throw RecordError{sl_status_message(st)};
}

sl_decimal add(sl_decimal a, sl_decimal b) {
  sl_decimal r;
  ok(sl_decimal_add(a, b, &r));
  return r;
}

/// The mapping's flow body, written straight into `out`.
void write_order(const Order& r, std::string& out, std::string& scratch) {
  // The domain check comes first, as in the interpreter.
  sl_decimal items = sl_decimal_from_int64(0), subtotals = sl_decimal_from_int64(0);
  for (const Line& l : r.lines) {
    items = add(items, l.total);
    subtotals = add(subtotals, l.subtotal);
  }
  int32_t cmp = 0;
  ok(sl_decimal_compare(r.total, add(add(items, r.shipping_total), r.total_tax), &cmp));
  if (cmp != 0) throw RecordError{kUnbalanced};

  // tranDate = date(date_created_gmt): the UTC date of a "YYYY-MM-DDTHH:MM:SS" timestamp.
  std::string_view ts = r.date_created_gmt;
  if (ts.size() < 19 || ts[4] != '-' || ts[7] != '-' || ts[10] != 'T')
    throw RecordError{"input `date_created_gmt`: expected a timestamp (ISO 8601, UTC), found \"" + std::string(ts) + "\""};

  out += "{\"externalId\":\"WOO-";
  put_int(out, r.id);
  out += "\",\"otherRefNum\":";
  put_string(out, r.number);
  out += ",\"tranDate\":\"";
  out.append(ts.data(), 10);
  out += "\",\"orderStatus\":\"";
  out += r.status == "processing" ? "_pendingFulfillment" : r.status == "completed" ? "_pendingBilling" : "_pendingApproval";
  out += "\",\"email\":";
  {
    std::string_view email = r.has_email ? r.email : std::string_view();
    sl_buffer b{};
    sl_status st = sl_text_lower(email.data(), email.size(), &b);
    if (st == SL_OK) put_string(out, std::string_view(b.data ? b.data : "", b.len));
    sl_buffer_free(&b);
    ok(st);
  }
  out += ",\"memo\":";
  scratch.assign(r.first_name).append(" ").append(r.last_name);
  size_t start = 0, len = 0;
  ok(sl_text_trim(scratch.data(), scratch.size(), &start, &len));
  scratch.erase(0, start).resize(len);
  scratch.append(", ").append(r.city);
  put_string(out, scratch);
  out += ",\"entity\":{\"externalId\":";
  if (r.customer_id > 0) {
    out += "\"WOO-C-";
    put_int(out, r.customer_id);
    out += '"';
  } else {
    out += "\"WOO-GUEST\"";
  }
  out += "},\"shippingCost\":";
  put_decimal(out, r.shipping_total);
  out += ",\"discountRate\":";
  sl_decimal discount;
  ok(sl_decimal_sub(items, subtotals, &discount));
  put_decimal(out, discount);
  out += ",\"item\":{\"items\":[";
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const Line& l = r.lines[i];
    if (i) out += ',';
    out += "{\"item\":{\"id\":\"";
    put_int(out, l.product_id);
    out += "\"},\"description\":";
    put_string(out, l.name);
    out += ",\"quantity\":";
    put_int(out, l.quantity);
    out += ",\"rate\":";
    sl_decimal unit, rate;
    ok(sl_decimal_div(l.total, sl_decimal_from_int64(l.quantity), &unit));
    ok(sl_decimal_round(unit, 2, SL_ROUND_HALF_EVEN, &rate));
    put_decimal(out, rate);
    out += ",\"amount\":";
    put_decimal(out, l.total);
    out += '}';
  }
  out += "]}}\n";
}

// syncloom map's reject format for an NDJSON line: a line is a record starting at column 1.
void write_reject(std::string& rejects, uint64_t line_no, uint64_t offset, std::string_view reason, std::string_view record) {
  rejects += "{\"line\":";
  put_int(rejects, int64_t(line_no));
  rejects += ",\"column\":1,\"offset\":";
  put_int(rejects, int64_t(offset));
  rejects += ",\"path\":\"\",\"error\":";
  put_string(rejects, reason);
  rejects += ",\"record\":";
  put_string(rejects, record);
  rejects += "}\n";
}

void flush(std::string& buf, FILE* f) {
  std::fwrite(buf.data(), 1, buf.size(), f);
  buf.clear();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: handwritten_simdjson INPUT OUTPUT REJECTS  (- for stdin/stdout)\n");
    return 2;
  }
  FILE* in = std::strcmp(argv[1], "-") ? std::fopen(argv[1], "rb") : stdin;
  FILE* out_file = std::strcmp(argv[2], "-") ? std::fopen(argv[2], "wb") : stdout;
  FILE* rej_file = std::fopen(argv[3], "wb");
  if (!in || !out_file || !rej_file) {
    std::fprintf(stderr, "error: cannot open the input or an output file\n");
    return 2;
  }
  // Streams in blocks: memory stays bounded. A block keeps SIMDJSON_PADDING spare bytes after its data, so a
  // line inside it can be parsed in place.
  constexpr size_t kBlock = 1 << 22;
  std::vector<char> buf(kBlock + simdjson::SIMDJSON_PADDING);
  size_t have = 0;
  simdjson::ondemand::parser parser;
  std::string out, rejects, scratch;
  Order order;
  uint64_t line_no = 0, records = 0, written = 0, filtered = 0, rejected = 0;
  uint64_t base = 0;  // input offset of buf[0]
  bool eof = false;
  while (!eof || have > 0) {
    if (!eof) {
      size_t n = std::fread(buf.data() + have, 1, kBlock - have, in);
      have += n;
      if (n == 0) eof = true;
    }
    size_t pos = 0;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buf.data() + pos, '\n', have - pos));
      size_t end = nl ? size_t(nl - buf.data()) : (eof ? have : std::string_view::npos);
      if (end == std::string_view::npos) break;
      std::string_view line(buf.data() + pos, end - pos);
      pos = nl ? end + 1 : have;
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        if (!nl) break;
        continue;
      }
      ++records;
      order.lines.clear();
      order.has_email = false;
      try {
        simdjson::ondemand::document doc;
        check(parser.iterate(line.data(), line.size(), buf.size() - size_t(line.data() - buf.data())).get(doc), "record");
        if (!read_order(doc, order)) {
          ++filtered;
        } else {
          size_t mark = out.size();
          try {
            write_order(order, out, scratch);
            ++written;
          } catch (...) {
            out.resize(mark);
            throw;
          }
        }
      } catch (const RecordError& e) {
        ++rejected;
        write_reject(rejects, line_no, base + uint64_t(line.data() - buf.data()), e.reason, line);
      }
      if (out.size() > (1 << 20)) flush(out, out_file);
      if (rejects.size() > (1 << 20)) flush(rejects, rej_file);
      if (!nl) break;
    }
    if (pos == 0 && have == kBlock) {
      std::fprintf(stderr, "error: line %llu is longer than %zu bytes\n", (unsigned long long)line_no + 1, kBlock);
      return 1;
    }
    std::memmove(buf.data(), buf.data() + pos, have - pos);
    have -= pos;
    base += pos;
    if (eof) break;
  }
  flush(out, out_file);
  flush(rejects, rej_file);
  std::fclose(rej_file);
  if (out_file != stdout) std::fclose(out_file);
  std::fprintf(stderr, "mapped %llu records: %llu out, %llu filtered, %llu rejected\n", (unsigned long long)records,
               (unsigned long long)written, (unsigned long long)filtered, (unsigned long long)rejected);
  return 0;
}
