// Contract tests against the real Tryton: delta listings with keyset paging while records are written
// (nothing skipped, nothing repeated), and events derived by polling.
#include <set>
#include <thread>

#include "tryton_fixture.hpp"

using namespace tryton_test;

namespace {

std::string server_now(TrytonConnector& c) {
  // A fresh listing's high water is the server's clock minus a second.
  Page p = c.list({.record = "shipment", .since = "2099-01-01T00:00:00Z", .page_size = 1});
  REQUIRE(p.outcome.ok());
  return p.high_water;
}

}  // namespace

TEST_CASE("a delta listing pages by keyset: records written meanwhile are neither skipped nor repeated", "[tryton][contract]") {
  auto c = connect();
  std::string mark = server_now(*c);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // our records are after the mark
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(make_customer(*c, unique("L")));
  // Some are written before listing: they move to the written phase of the listing.
  for (int i = 0; i < 3; ++i)
    REQUIRE(c->write({.record = "customer", .mode = WriteMode::kUpdate, .id = ids[size_t(i)], .json = R"({"name":"Renamed"})"}).outcome.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // the listing's upper bound is after them

  std::multiset<std::string> seen;
  std::set<std::string> changed_during;
  ListQuery q{.record = "customer", .since = mark, .overlap = std::chrono::seconds(0), .page_size = 3};
  Page page = c->list(q);
  int pages = 0;
  for (;;) {
    INFO(describe(page.outcome));
    REQUIRE(page.outcome.ok());
    for (const Fetched& f : page.records) seen.insert(f.id);
    // While the listing runs: rewrite a record already listed and one not yet listed, and add one.
    if (pages == 1) {
      for (size_t i : {size_t(0), size_t(11)}) {
        REQUIRE(c->write({.record = "customer", .mode = WriteMode::kUpdate, .id = ids[i], .json = R"({"name":"Changed"})"}).outcome.ok());
        changed_during.insert(ids[i]);
      }
      ids.push_back(make_customer(*c, unique("L")));
      changed_during.insert(ids.back());
    }
    ++pages;
    if (page.next_page.empty()) break;
    q.page = page.next_page;
    page = c->list(q);
  }
  CHECK(pages >= 4);
  for (const std::string& id : seen) CHECK(seen.count(id) == 1);  // nothing repeated
  for (const std::string& id : ids)
    if (!changed_during.count(id)) CHECK(seen.count(id) == 1);    // nothing that stayed unchanged skipped
  // The next delta, from this listing's high water, has every record changed while it ran.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  std::set<std::string> next;
  ListQuery q2{.record = "customer", .since = page.high_water, .overlap = std::chrono::seconds(1)};
  for (Page p = c->list(q2);; p = c->list(q2)) {
    REQUIRE(p.outcome.ok());
    for (const Fetched& f : p.records) next.insert(f.id);
    if (p.next_page.empty()) break;
    q2.page = p.next_page;
  }
  for (const std::string& id : changed_during) CHECK(next.count(id) == 1);
}

TEST_CASE("polling derives sale, shipment and stock events with dedupe keys", "[tryton][contract]") {
  auto c = connect();
  std::string mark = server_now(*c);
  std::string party = make_customer(*c, unique("C"));
  std::string product = make_product(*c, unique("SKU"), "20.00", 5);
  Written sale = c->write({.record = "salesOrder", .json = sale_json(unique("WOO"), party, product, "1.0", "20.00")});
  REQUIRE(sale.outcome.ok());
  std::string shipment = wire::dump(json(sale.json).at("shipments")[0]);
  REQUIRE(c->advance_shipment(shipment).outcome.ok());
  // A price change is a template write: product.product's write_date does not move.
  Written priced = c->write({.record = "inventoryItem", .mode = WriteMode::kUpdate, .id = product, .json = R"({"list_price":21.00})"});
  REQUIRE(priced.outcome.ok());
  // A new e-mail is a contact mechanism: the party's own write_date does not move.
  REQUIRE(c->call("model.party.contact_mechanism.create",
                  R"([[{"party":)" + party + R"(,"type":"email","value":"second@example.com"}]])", nullptr).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));

  auto poll_all = [&](const std::string& topic) {
    std::vector<Event> events;
    PollQuery q{.topic = topic, .since = mark, .overlap = std::chrono::seconds(0)};
    for (EventPage p = c->poll(q);; p = c->poll(q)) {
      INFO(topic << ": " << describe(p.outcome));
      REQUIRE(p.outcome.ok());
      events.insert(events.end(), p.events.begin(), p.events.end());
      if (p.next_page.empty()) break;
      q.page = p.next_page;
    }
    return events;
  };
  auto find = [](const std::vector<Event>& events, const std::string& id) {
    for (const Event& e : events)
      if (e.id == id) return &e;
    return static_cast<const Event*>(nullptr);
  };
  auto sales = poll_all("salesOrder.changed");
  const Event* s = find(sales, sale.id);
  REQUIRE(s);
  CHECK(s->dedupe_key == "salesOrder:" + sale.id + ":" + s->occurred_at);
  CHECK(json(s->json).at("shipment_state").text() == "sent");

  auto done = poll_all("shipment.done");
  const Event* d = find(done, shipment);
  REQUIRE(d);
  CHECK(d->dedupe_key == "shipment:" + shipment + ":done");

  // Stock moves do not touch product.product, but the item's stock changed: an event from the moves.
  auto items = poll_all("inventoryItem.changed");
  bool from_moves = false;
  for (const Event& e : items)
    if (e.id == product && e.dedupe_key.find(":stock:") != std::string::npos) {
      from_moves = true;
      CHECK(json(e.json).at("quantity").text() == "4.0");
    }
  CHECK(from_moves);
  bool from_template = false;
  for (const Event& e : items)
    if (e.id == product && e.dedupe_key.find(":template:") != std::string::npos) {
      from_template = true;
      CHECK(json(e.json).at("list_price").text() == "21.00");
    }
  CHECK(from_template);
  std::set<std::string> keys;
  for (const Event& e : items) CHECK(keys.insert(e.dedupe_key).second);  // one event per change
  auto customers = poll_all("customer.changed");
  bool from_contact = false;
  for (const Event& e : customers)
    from_contact = from_contact || (e.id == party && e.dedupe_key.find(":contact:") != std::string::npos);
  CHECK(from_contact);
  CHECK(c->poll({.topic = "nosuch.topic"}).outcome.kind == OutcomeKind::kPermanent);
}
