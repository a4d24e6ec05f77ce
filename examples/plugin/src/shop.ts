import { t } from "@flytekit-ts/core";
import { SQLite3Task } from "./sqlite3-task.js";

/** One row of {@link topCustomers}: a struct, so `total` and `orders` keep their types on the wire. */
export const Customer = t.struct("Customer", {
  name: t.string,
  total: t.float,
  orders: t.int,
  city: t.optional(t.string),
});

/** Customers whose orders add up to at least `minimum`, biggest first. */
export const topCustomers = new SQLite3Task({
  name: "shop.top_customers",
  queryTemplate: `
    SELECT c.name, SUM(o.amount) AS total, COUNT(*) AS orders, c.city
    FROM orders o JOIN customers c ON c.id = o.customer
    GROUP BY c.id HAVING total >= {{ .inputs.minimum }}
    ORDER BY total DESC`,
  inputs: { minimum: t.float },
  rowType: Customer,
  taskConfig: { uri: "data/shop.db" },
});
