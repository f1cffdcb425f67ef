// Feeds arbitrary bytes to the connectors' parsers of what other systems send (webhook deliveries, HTTP
// answers, JSON-RPC answers, encoded values, page tokens, JSON) and checks what each of them promises.
//
// Input: byte 0 picks the parser (its value % 6; the seeds use the digits '0'..'5'), byte 1 is a flags
// byte, then a header block up to the first empty line ("\n\n") and the body after it, raw:
//   0 WooCommerce webhook   flags bit 0: sign the body with the fuzzer's secret (replacing any signature
//                           header), bit 1: add Content-Length = the body's size. Header block: "Name: value"
//   1 WooCommerce answer    flags % 16 >= 8: a transport failure (flags % 8) instead of an answer; header
//                           block: the status ("200"), then "Name: value" lines; flags / 16 picks the record
//                           whose shape a 2xx body is converted to
//   2 Tryton answer         the same; a result is decoded as records of the picked record
//   3 Tryton record         first line of the header block: the record's name ("salesOrder"); body: a
//                           record as Tryton's read answers it
//   4 page token            flags bit 0: Tryton's cursor, else WooCommerce's; the rest is the token
//   5 JSON                  the rest
// Every JSON body that parses is also checked to round trip through wire::dump.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/shape.hpp"
#include "syncloom/connectors/connector.hpp"
#include "syncloom/http/client.hpp"
#include "syncloom/wire/value.hpp"
#include "tryton/client.hpp"
#include "tryton/codec.hpp"
#include "tryton/errors.hpp"
#include "tryton/read.hpp"
#include "woocommerce/woo_cursor.hpp"
#include "woocommerce/woo_outcome.hpp"
#include "woocommerce/woo_shape.hpp"
#include "woocommerce/woo_webhook.hpp"

namespace {

using namespace syncloom;
using namespace syncloom::connectors;

constexpr std::string_view kSecret = "fuzz-webhook-secret-7f3a9c";

// A broken promise: say which, so that the crash report names it, and stop.
[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz_connectors: broken promise: %s\n", what);
  std::abort();
}
void expect(bool holds, const char* what) {
  if (!holds) broken(what);
}

const schema::SystemSchema& system_schema(const char* kind) {
  std::string error;
  auto loaded = shape::load_system_schema(kind, SYNCLOOM_SOURCE_DIR "/schemas", &error);
  if (!loaded) {
    std::fprintf(stderr, "fuzz_connectors: schema %s: %s\n", kind, error.c_str());
    std::abort();
  }
  return *loaded;  // the loader's cache keeps it for the process
}

const schema::RecordSchema& pick_record(const schema::SystemSchema& schema, unsigned index) {
  auto it = schema.records.begin();
  std::advance(it, index % schema.records.size());
  return it->second;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// ---- The input format ------------------------------------------------------------------------------------

struct Split {
  std::vector<std::string_view> lines;  ///< of the header block
  std::string_view body;
};

Split split_input(std::string_view rest) {
  Split out;
  size_t blank = rest.find("\n\n");
  std::string_view block = rest.substr(0, blank);
  out.body = blank == std::string_view::npos ? std::string_view() : rest.substr(blank + 2);
  while (!block.empty()) {
    size_t end = block.find('\n');
    out.lines.push_back(block.substr(0, end));
    block = end == std::string_view::npos ? std::string_view() : block.substr(end + 1);
  }
  return out;
}

template <typename HeaderT>
HeaderT header_of(std::string_view line) {
  size_t colon = line.find(':');
  std::string_view name = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
  if (value.starts_with(' ')) value.remove_prefix(1);
  return HeaderT{std::string(name), std::string(value)};
}

// ---- Checks shared by the cases --------------------------------------------------------------------------

// What parses writes back to text that parses to the same value, and writing is stable.
void check_round_trip(const wire::Value& value) {
  std::string once = wire::dump(value);
  auto again = wire::parse(once, {.max_depth = 1024, .max_bytes = 64 << 20});
  expect(again.value && *again.value == value, "wire::dump output parses back to the same value");
  expect(wire::dump(*again.value) == once, "wire::dump is stable");
}

std::optional<wire::Value> parse_checked(std::string_view text) {
  auto parsed = wire::parse(text);
  if (!parsed.value) {
    expect(!parsed.error.empty() && parsed.offset <= text.size(), "a parse error has a message and an offset in the text");
    return std::nullopt;
  }
  check_round_trip(*parsed.value);
  return std::move(parsed.value);
}

void check_failure(const Outcome& outcome) {
  expect(outcome.ok() || !outcome.message.empty(), "a failed outcome has a message");
  expect(!outcome.retry_after || outcome.retry_after->count() >= 0, "Retry-After is never negative");
  expect(!outcome.throttled || outcome.kind == OutcomeKind::kRetryable, "a throttling answer is retryable");
}

// WooCommerce's shape conversion: after one read/write round trip, converting again changes nothing.
void check_woo_shape(const schema::StructType& type, const wire::Value& wire_record) {
  wire::Value shaped = wire_record;
  woo::wire_to_shape(type, shaped);
  woo::shape_to_wire(type, shaped);
  woo::wire_to_shape(type, shaped);
  wire::Value again = shaped;
  woo::shape_to_wire(type, again);
  woo::wire_to_shape(type, again);
  expect(again == shaped, "WooCommerce wire_to_shape . shape_to_wire reaches a fixed point after one round");
}

// Every string of a value, depth first (Tryton's instants and Decimal texts live in strings).
void each_string(const wire::Value& value, const std::function<void(const std::string&)>& fn) {
  if (value.is_string()) fn(value.text());
  for (const wire::Value& item : value.items()) each_string(item, fn);
  for (const auto& [key, member] : value.members()) each_string(member, fn);
}

void check_tryton_texts(const wire::Value& value) {
  each_string(value, [](const std::string& text) {
    if (auto plain = tryton::plain_decimal_text(text)) {
      expect(shape::is_decimal_text(*plain), "a decoded Decimal is exact decimal text");
      expect(!shape::is_decimal_text(text) || *plain == text, "exact decimal text is kept as it is");
    }
    if (auto instant = tryton::parse_instant(text)) {
      auto again = tryton::parse_instant(tryton::format_instant(*instant));
      expect(again && *again == *instant, "a Tryton instant formats to text that parses to the same instant");
    }
  });
}

void check_tryton_record(const schema::StructType& type, const wire::Value& row) {
  wire::Value decoded = tryton::decode_record(type, row);
  expect(decoded.is_object(), "decode_record answers an object");
  check_round_trip(decoded);
  tryton::Encoded encoded = tryton::encode_record(type, decoded, tryton::WriteKind::kCreate);
  expect(encoded.values.has_value() != !encoded.error.empty(), "encode_record answers values or an error");
  if (encoded.values) check_round_trip(*encoded.values);
}

// ---- The cases -------------------------------------------------------------------------------------------

std::string hmac_base64(std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned mac_size = 0;
  HMAC(EVP_sha256(), kSecret.data(), int(kSecret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac, &mac_size);
  unsigned char text[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int size = EVP_EncodeBlock(text, mac, int(mac_size));
  return std::string(reinterpret_cast<char*>(text), size_t(size));
}

void webhook(uint8_t flags, std::string_view rest, std::string_view input) {
  static const schema::SystemSchema& schema = system_schema("woocommerce");
  Split split = split_input(rest);
  std::vector<Header> headers;
  for (std::string_view line : split.lines) headers.push_back(header_of<Header>(line));
  std::string expected_signature = hmac_base64(split.body);
  if (flags & 1) {
    std::erase_if(headers, [](const Header& h) { return iequal(h.name, "X-WC-Webhook-Signature"); });
    headers.push_back({"X-WC-Webhook-Signature", expected_signature});
  }
  if (flags & 2) headers.insert(headers.begin(), {"Content-Length", std::to_string(split.body.size())});

  WebhookResult result = woo::receive_webhook({.body = split.body, .headers = headers}, Secret(std::string(kSecret)), schema);

  const Header* signature = nullptr;
  for (const Header& h : headers)
    if (!signature && iequal(h.name, "X-WC-Webhook-Signature")) signature = &h;
  bool verified = signature && signature->value == expected_signature;
  if (result.verdict == WebhookVerdict::kEvents) {
    expect(verified, "events only from a delivery whose signature is the HMAC of its exact body");
    expect(result.events.size() == 1, "a verified delivery reports one event");
  } else {
    expect(result.events.empty(), "a refused delivery reports no events");
    expect(!result.reason.empty() || result.verdict == WebhookVerdict::kPing, "a refusal says why");
  }
  if (result.verdict == WebhookVerdict::kMalformed) expect(verified, "the body is judged only after verification");
  if (result.verdict == WebhookVerdict::kPing) expect(!signature, "a ping carries no signature");
  if (result.verdict == WebhookVerdict::kForged || result.verdict == WebhookVerdict::kUnsigned)
    expect(result.http_status == 401, "forged and unsigned deliveries are answered 401");
  if (input.find(kSecret) == std::string_view::npos)
    expect(result.reason.find(kSecret) == std::string::npos, "the secret is never in a reason");
  for (const Event& event : result.events) {
    expect(std::find(schema.topics.begin(), schema.topics.end(), event.topic) != schema.topics.end(),
           "an event's topic is one the schema knows");
    expect(!event.id.empty() && event.dedupe_key.starts_with(event.record + ":" + event.id + ":"),
           "the dedupe key is built from the resource and the id");
    auto json = parse_checked(event.json);
    expect(json && json->is_object(), "an event's record is a JSON object");
  }
  if (verified) parse_checked(split.body);
}

http::Response response_of(uint8_t flags, const Split& split) {
  http::Response response;
  if (flags % 16 >= 8) {
    response.transport = static_cast<http::Transport>(flags % 8);
    response.error = "injected";
  }
  if (!split.lines.empty()) {
    std::string_view status = split.lines[0];
    int value = 0;
    std::from_chars(status.data(), status.data() + status.size(), value);
    response.status = value;
  }
  for (size_t i = 1; i < split.lines.size(); ++i) response.headers.push_back(header_of<http::Header>(split.lines[i]));
  response.body = std::string(split.body);
  return response;
}

void woo_answer(uint8_t flags, std::string_view rest) {
  static const schema::SystemSchema& schema = system_schema("woocommerce");
  http::Response response = response_of(flags, split_input(rest));
  woo::Answer answer = woo::classify(response);
  const Outcome& o = answer.outcome;
  check_failure(o);
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1796000000));
  for (const http::Header& h : response.headers) {
    auto delay = woo::parse_retry_after(h.value, now);
    expect(!delay || delay->count() >= 0, "parse_retry_after is never negative");
  }
  if (response.transport != http::Transport::kOk) {
    expect(o.kind == OutcomeKind::kRetryable, "a transport failure is retryable");
    return;
  }
  if (o.ok()) expect(response.status >= 200 && response.status < 300, "only a 2xx answer is ok");
  if (response.status == 401 || response.status == 403) expect(o.kind == OutcomeKind::kAuth, "401 and 403 are auth failures");
  if (response.status == 429) expect(o.throttled, "429 throttles");
  if (!o.ok()) return;
  if (!answer.body.is_null()) check_round_trip(answer.body);
  const schema::StructType& type = *pick_record(schema, flags / 16).type;
  // A record, a page of records, or a batch answer {"create": [...], "update": [...]} with per-item errors.
  if (answer.body.is_object()) check_woo_shape(type, answer.body);
  for (const wire::Value& item : answer.body.items())
    if (item.is_object()) check_woo_shape(type, item);
  for (const auto& [group, items] : answer.body.members())
    for (const wire::Value& item : items.items())
      if (const wire::Value& error = item.at("error"); error.is_object()) {
        auto status = error.at("data").at("status").as_int64();
        Outcome per_item = woo::error_outcome(error, status ? int(*status) : 400);
        expect(!per_item.ok(), "a per-item error is never ok");
        check_failure(per_item);
      }
}

void tryton_answer(uint8_t flags, std::string_view rest) {
  static const schema::SystemSchema& schema = system_schema("tryton");
  http::Response response = response_of(flags, split_input(rest));
  tryton::RpcAnswer answer = tryton::rpc_answer(response, "model.sale.sale.read");
  const Outcome& o = answer.outcome;
  check_failure(o);
  if (response.transport != http::Transport::kOk) {
    expect(!o.ok(), "a transport failure is not ok");
    return;
  }
  std::optional<wire::Value> body = response.status == 200 ? parse_checked(response.body) : std::nullopt;
  const wire::Value* error = body ? body->find("error") : nullptr;
  if (o.ok()) {
    expect(body && body->is_object(), "only a JSON-RPC object answer of a 200 is ok");
    expect(!error || error->is_null(), "an answer with an error member is not ok");
    const wire::Value* result = body->find("result");
    expect(result && *result == answer.result, "an ok answer is the result member");
  } else if (error && !error->is_null() && body->is_object()) {
    expect(o.http_status == 200, "a JSON-RPC error keeps the 200 it came with");
  }
  if (!o.ok()) return;
  const schema::StructType& type = *pick_record(schema, flags / 16).type;
  if (answer.result.is_object()) check_tryton_record(type, answer.result);
  for (const wire::Value& row : answer.result.items())
    if (row.is_object()) check_tryton_record(type, row);
  check_tryton_texts(answer.result);
}

void tryton_record(std::string_view rest) {
  static const schema::SystemSchema& schema = system_schema("tryton");
  Split split = split_input(rest);
  std::string_view name = split.lines.empty() ? std::string_view() : split.lines[0];
  const schema::RecordSchema* record = schema.find_record(name);
  if (!record) record = &pick_record(schema, unsigned(name.size()));
  auto row = parse_checked(split.body);
  if (!row) return;
  check_tryton_record(*record->type, *row);
  if (row->is_array() && row->size() > 0) {
    // As an `error` member of a JSON-RPC answer.
    Outcome o = tryton::classify_rpc_error(*row, "model.sale.sale.create");
    expect(!o.ok(), "a JSON-RPC error is never ok");
    check_failure(o);
  }
  check_tryton_texts(*row);
}

// [(first, last)] of a WooCommerce id set's text, as the token spells it; nullopt if it is not one.
std::vector<std::pair<int64_t, int64_t>> spelled_ranges(std::string_view text) {
  std::vector<std::pair<int64_t, int64_t>> out;
  auto number = [](std::string_view t, int64_t& v) {
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && end == t.data() + t.size();
  };
  while (!text.empty()) {
    std::string_view part = text.substr(0, text.find(','));
    text = part.size() == text.size() ? std::string_view() : text.substr(part.size() + 1);
    size_t dash = part.find('-', 1);
    int64_t first = 0, last = 0;
    if (!number(part.substr(0, dash), first)) continue;
    if (dash == std::string_view::npos) last = first;
    else if (!number(part.substr(dash + 1), last)) continue;
    out.emplace_back(first, last);
  }
  return out;
}

void page_token(uint8_t flags, std::string_view token) {
  if (flags & 1) {
    auto cursor = tryton::decode_cursor(token);
    if (!cursor) return;
    std::string text = tryton::encode_cursor(*cursor);
    auto again = tryton::decode_cursor(text);
    expect(again.has_value(), "a Tryton cursor that decodes encodes to one that decodes");
    expect(tryton::encode_cursor(*again) == text, "a Tryton cursor's text is stable");
    return;
  }
  auto cursor = woo::Cursor::decode(token);
  if (!cursor) return;
  std::string text = cursor->encode();
  auto again = woo::Cursor::decode(text);
  expect(again.has_value(), "a WooCommerce cursor that decodes encodes to one that decodes");
  expect(again->encode() == text, "a WooCommerce cursor's text is stable");
  // The emitted ids: every range the token spells is in the set (ids once emitted are never repeated).
  std::vector<std::string_view> parts;
  for (std::string_view t = token; ; ) {
    size_t bar = t.find('|');
    parts.push_back(t.substr(0, bar));
    if (bar == std::string_view::npos) break;
    t.remove_prefix(bar + 1);
  }
  if (parts.size() > 3)
    for (const auto& [first, last] : spelled_ranges(parts[3]))
      expect(cursor->emitted.contains(first) && cursor->emitted.contains(last),
             "a decoded id set contains every range its token names");
  for (const std::string& instant : {cursor->anchor, cursor->high_water})
    if (auto seconds = woo::parse_instant(instant))
      expect(woo::parse_instant(woo::format_gmt(*seconds)) == seconds, "a WooCommerce instant round trips");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view rest = input.substr(2);
  switch (data[0] % 6) {
    case 0: webhook(data[1], rest, input); break;
    case 1: woo_answer(data[1], rest); break;
    case 2: tryton_answer(data[1], rest); break;
    case 3: tryton_record(rest); break;
    case 4: page_token(data[1], rest); break;
    default: parse_checked(rest); break;
  }
  return 0;
}
