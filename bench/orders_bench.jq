# The transform benchmark's mapping in jq (bench/README.md): what bench/orders_bench.loom does, written
# the way a jq user would. jq 1.6 reads every number as a binary double, so money goes through floats:
# sums drift (0.1 + 0.2), the balance check compares floats exactly, and half-even rounding at a tie
# sees 2.675 as 2.67499999... bench/jq_exactness.cpp counts the records this gets wrong. The balance check
# allows half a cent: `!=` on the float sums, as the mapping writes it, would reject about a third of the
# balanced orders (jq_exactness counts those too).
# Run: jq -c -f bench/orders_bench.jq orders.ndjson
# Rejected records come out on the same stream as {"rejected": ...}.

def order_status:
  {"processing": "_pendingFulfillment", "completed": "_pendingBilling", "on-hold": "_pendingApproval"}[.]
  // error("order status has no NetSuite equivalent");

# round(x, 2, half_even) on a double.
def round2_half_even:
  (. * 100) as $x | ($x | floor) as $f | ($x - $f) as $d
  | (if $d > 0.5 then $f + 1 elif $d < 0.5 then $f elif ($f % 2) == 0 then $f else $f + 1 end) / 100;

def trim: sub("^\\s+"; "") | sub("\\s+$"; "");

select(.status == "processing" or .status == "completed" or .status == "on-hold")
| ([.line_items[].total | tonumber] | add) as $items
| if ((.total | tonumber) - ($items + (.shipping_total | tonumber) + (.total_tax | tonumber)) | fabs) > 0.005 then
    {rejected: {line: input_line_number, externalId: ("WOO-" + (.id | tostring)),
                error: "order totals do not balance: total is not items + shipping + tax"}}
  else
    {
      externalId: ("WOO-" + (.id | tostring)),
      otherRefNum: .number,
      tranDate: .date_created_gmt[0:10],
      orderStatus: (.status | order_status),
      email: ((.billing.email // "") | ascii_downcase),
      memo: ((.billing.first_name + " " + .billing.last_name | trim) + ", " + .billing.city),
      entity: {externalId: (if .customer_id > 0 then "WOO-C-" + (.customer_id | tostring) else "WOO-GUEST" end)},
      shippingCost: (.shipping_total | tonumber),
      discountRate: ($items - ([.line_items[].subtotal | tonumber] | add)),
      item: {items: [.line_items[] | {
        item: {id: (.product_id | tostring)},
        description: .name,
        quantity: .quantity,
        rate: ((.total | tonumber) / .quantity | round2_half_even),
        amount: (.total | tonumber)
      }]}
    }
  end
