// The compile-time input layout: a flow decodes exactly the source fields it reads.
#include <catch2/catch.hpp>
#include <filesystem>

#include "syncloom/frontend/frontend.hpp"
#include "syncloom/frontend/input_layout.hpp"

using namespace syncloom;

namespace {

const std::string kRoot = SYNCLOOM_SOURCE_DIR;

std::string layout_of(const std::string& source, size_t domain = 0) {
  frontend::Compilation c(frontend::FrontendOptions{kRoot + "/schemas", false, nullptr});
  c.check_source("layout.loom", source);
  INFO("diagnostics: " << c.diagnostics().all().size());
  REQUIRE(!c.diagnostics().has_errors());
  const auto& d = c.program()->root().domains.at(domain);
  return frontend::collect_input_layout(d.flows.at(0), &d).to_string();
}

}  // namespace

TEST_CASE("a flow's input layout lists only the fields it reads", "[layout]") {
  std::string source = R"(mapping t version 1
system woo: woocommerce
system erp: tryton
extend woo.order { meta "_pos_register": string? }
domain products {
  owner erp
  key erp.inventoryItem.code <-> woo.product.sku
  sync batch every 1h
  flow erp.inventoryItem -> woo.product update { regular_price = list_price }
}
domain orders {
  owner woo
  key string(woo.order.id) <-> erp.salesOrder.reference
  sync realtime on woo "order.created" when status in ["processing"]
  idempotency woo.order.id, woo.order.date_modified_gmt
  flow woo.order -> erp.salesOrder {
    let who = billing
    reference = "WOO-" + string(id)
    party = 1
    description = (meta_data["_pos_register"] ?? "web") + " " + (who.email ?? "")
    lines = for line in line_items when line.quantity > 0 {
      product = ref(products, line.sku)
      quantity = float(line.quantity)
      unit = 1
      unit_price = round(line.subtotal / line.quantity, 4, half_even)
    }
  }
  check sum(line_items.total) + shipping_total == total else "unbalanced"
}
)";
  CHECK(layout_of(source, 1) ==
        "woo.order\n"
        "  billing {}\n"
        "    email\n"
        "  date_modified_gmt\n"
        "  id\n"
        "  line_items[] {}\n"
        "    quantity\n"
        "    sku\n"
        "    subtotal\n"
        "    total\n"
        "  meta_data[\"_pos_register\"]\n"
        "  shipping_total\n"
        "  status\n"
        "  total\n");
}

TEST_CASE("a struct or list used as a whole value is decoded whole", "[layout]") {
  std::string source = R"(mapping t version 1
system woo: woocommerce
system erp: tryton
domain customers {
  owner woo
  sync event on woo "customer.created"
  flow woo.customer -> erp.customer {
    name = first_name
    addresses = for a in [billing] {
      street = a.address_1
    }
  }
}
)";
  CHECK(layout_of(source) ==
        "woo.customer\n"
        "  billing {*}\n"
        "  first_name\n");
}

TEST_CASE("every flow of the shipped mappings gets a non-empty input layout", "[layout]") {
  namespace fs = std::filesystem;
  int flows = 0;
  for (const auto& entry : fs::directory_iterator(kRoot + "/mappings")) {
    if (entry.path().extension() != ".loom") continue;
    frontend::Compilation c(frontend::FrontendOptions{kRoot + "/schemas", false, nullptr});
    REQUIRE(c.check_file(entry.path().string()));
    REQUIRE(!c.diagnostics().has_errors());
    auto& root = c.program()->root();
    for (const auto& d : root.domains) {
      for (const auto& f : d.flows) {
        INFO(entry.path().filename() << " domain " << d.name.text);
        CHECK(frontend::collect_input_layout(f, &d).path_count() > 0);
        ++flows;
      }
    }
  }
  CHECK(flows >= 25);
}
