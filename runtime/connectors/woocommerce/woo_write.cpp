// Writing WooCommerce: create (after a search by key where the mode asks), update (PUT), upsert, and
// batches through <collection>/batch in chunks of at most 100 items with one outcome per item.
#include <map>

#include "woocommerce/woo_connector.hpp"
#include "common/failure.hpp"
#include "woocommerce/woo_shape.hpp"

namespace syncloom::connectors::woo {
namespace {

constexpr size_t kBatchLimit = 100;  // items across create+update+delete (413 beyond)

// A write request resolved to one HTTP operation.
struct Operation {
  Outcome outcome;          ///< not ok: the request failed before anything was sent
  Written done{};             ///< set when a search found the record and nothing is to be sent (create modes)
  bool finished = false;
  const Resource* resource = nullptr;
  std::string path{};         ///< the collection: "products", "products/22/variations"
  std::string parent{};
  std::string target{};       ///< id to update; "" to create
  wire::Value body{};       ///< wire shape
};

}  // namespace

namespace detail {

Written written_from(const WooConnector& connector, const Resource& resource, wire::Value body,
                     std::string_view parent, bool created) {
  Fetched fetched = connector.to_fetched(resource, std::move(body), parent);
  Written written;
  written.id = fetched.id;
  written.version = fetched.version;
  written.created = created;
  written.json = std::move(fetched.json);
  if (written.id.empty() || written.id == "0")
    written.outcome = Outcome::retryable("the answer names no " + resource.record + " id", "malformed_body");
  return written;
}

}  // namespace detail

namespace {

Operation resolve(WooConnector& connector, const WriteRequest& request,
                  const std::function<Fetched(const Resource&, const KeyQuery&, const std::string&)>& find) {
  Operation op;
  op.resource = find_resource(request.record);
  if (!op.resource) return {unknown_record(request.record)};
  auto parsed = wire::parse(request.json);
  if (!parsed.value || !parsed.value->is_object())
    return {Outcome::permanent("the " + request.record + " to write is not a JSON object" +
                                   (parsed.value ? "" : ": " + parsed.error),
                               "bad_record")};
  op.body = std::move(*parsed.value);
  bool keyed = !request.key.field.empty();
  WriteMode mode = request.mode;
  if (mode == WriteMode::kCreateIfAbsent && !keyed)
    return {Outcome::permanent("create_if_absent needs a key to search by", "missing_key")};
  if (mode == WriteMode::kUpdate && request.id.empty() && !keyed)
    return {Outcome::permanent("an update needs the target id or a key", "missing_key")};
  if (mode == WriteMode::kUpsert && request.id.empty() && !keyed)
    return {Outcome::permanent("an upsert needs the target id or a key", "missing_key")};
  std::string own = request.id;
  if (size_t slash = own.find('/'); slash != std::string::npos) {
    op.parent = own.substr(0, slash);
    own = own.substr(slash + 1);
  }
  // A create never updates, whatever id it carries: only updates and upserts aim at an id.
  if (mode == WriteMode::kUpdate || mode == WriteMode::kUpsert) op.target = own;
  // Search before create: the key says whether the record is already there (an earlier attempt that
  // timed out after WooCommerce committed it).
  if (op.target.empty() && keyed) {
    Fetched existing = find(*op.resource, request.key, request.correlation_id);
    if (!existing.outcome.ok()) return {existing.outcome};
    if (existing.found) {
      if (mode == WriteMode::kCreate || mode == WriteMode::kCreateIfAbsent) {
        op.finished = true;
        op.done.id = existing.id;
        op.done.version = existing.version;
        op.done.json = existing.json;
        return op;
      }
      op.target = existing.id;
      if (auto found = wire::parse(existing.json); found.value) {
        const wire::Value& parent = found.value->at("parent_id");
        if (op.parent.empty() && parent.is_number()) op.parent = parent.text();
      }
    } else if (mode == WriteMode::kUpdate) {
      return {Outcome::permanent("no " + request.record + " with " + request.key.field + " = " + request.key.value,
                                 "not_found", request.key.field)};
    }
  }
  if (!op.resource->parent.empty() && op.parent.empty()) {
    op.parent = connector.parent_of(*op.resource, op.target, &op.body, &op.outcome);
    if (!op.outcome.ok()) return op;
  }
  op.path = collection_path(*op.resource, op.parent);
  if (const schema::StructType* type = connector.record_type(request.record)) shape_to_wire(*type, op.body);
  op.body.erase("parent_id");  // in the URL for nested records; read-only elsewhere
  if (op.target.empty()) op.body.erase("id");
  else op.body.set("id", wire::Value::number(op.target));
  return op;
}

}  // namespace

Written WooConnector::write(const WriteRequest& request) {
  Operation op = resolve(*this, request, [this](const Resource& r, const KeyQuery& k, const std::string& cid) {
    return find_one(r, k, cid);
  });
  if (!op.outcome.ok()) return write_failure(op.outcome);
  if (op.finished) return op.done;
  bool create = op.target.empty();
  Reply reply = api_.call({.method = create ? "POST" : "PUT",
                           .path = create ? op.path : op.path + "/" + op.target,
                           .body = wire::dump(op.body),
                           .correlation_id = request.correlation_id});
  if (!reply.answer.outcome.ok()) return write_failure(reply.answer.outcome);
  return detail::written_from(*this, *op.resource, std::move(reply.answer.body), op.parent, create);
}

std::vector<Written> WooConnector::write_batch(std::span<const WriteRequest> requests) {
  std::vector<Written> results(requests.size());
  // 1. Resolve every request (searches by key first), grouped by collection in request order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::pair<size_t, Operation>>> groups;
  for (size_t i = 0; i < requests.size(); ++i) {
    Operation op = resolve(*this, requests[i], [this](const Resource& r, const KeyQuery& k, const std::string& cid) {
      return find_one(r, k, cid);
    });
    if (!op.outcome.ok()) {
      results[i] = write_failure(op.outcome);
    } else if (op.finished) {
      results[i] = op.done;
    } else if (!op.resource->batch) {
      results[i] = write(requests[i]);  // refunds and notes have no batch endpoint
    } else {
      if (!groups.count(op.path)) order.push_back(op.path);
      groups[op.path].emplace_back(i, std::move(op));
    }
  }
  // 2. One POST <collection>/batch per chunk of at most 100 items.
  for (const std::string& path : order) {
    auto& items = groups[path];
    for (size_t start = 0; start < items.size(); start += kBatchLimit) {
      size_t end = std::min(items.size(), start + kBatchLimit);
      wire::Value creates = wire::Value::array(), updates = wire::Value::array();
      std::vector<size_t> create_index, update_index;
      for (size_t k = start; k < end; ++k) {
        bool create = items[k].second.target.empty();
        (create ? creates : updates).push_back(std::move(items[k].second.body));
        (create ? create_index : update_index).push_back(k);
      }
      wire::Value body = wire::Value::object();
      if (creates.size() > 0) body.set("create", std::move(creates));
      if (updates.size() > 0) body.set("update", std::move(updates));
      Reply reply = api_.call({.method = "POST", .path = path + "/batch", .body = wire::dump(body),
                               .correlation_id = requests[items[start].first].correlation_id});
      // 3. A failure of the whole call is every item's; a per-item `error` inside the 200 is that item's.
      auto settle = [&](const char* part, const std::vector<size_t>& indexes, bool created) {
        const wire::Value& answers = reply.answer.body.at(part);
        for (size_t j = 0; j < indexes.size(); ++j) {
          auto& [index, op] = items[indexes[j]];
          if (!reply.answer.outcome.ok()) {
            results[index] = write_failure(reply.answer.outcome);
          } else if (!answers.is_array() || j >= answers.size()) {
            results[index] = write_failure(Outcome::retryable(std::string("the batch answer has no `") + part +
                                                                 "` entry for this item", "malformed_body", 200));
          } else if (const wire::Value* error = answers[j].find("error"); error && error->is_object()) {
            auto status = error->at("data").at("status").as_int64();
            results[index] = write_failure(error_outcome(*error, status ? static_cast<int>(*status) : 400));
          } else {
            results[index] = detail::written_from(*this, *op.resource, answers[j], op.parent, created);
          }
        }
      };
      settle("create", create_index, true);
      settle("update", update_index, false);
    }
  }
  return results;
}

}  // namespace syncloom::connectors::woo
