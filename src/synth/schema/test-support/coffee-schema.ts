import { defineSchema } from "../builder.js";

const MENU = [
  ["Latte", 120, 3.5, "Drink", "hot"],
  ["Cappuccino", 100, 3.0, "Drink", "hot"],
  ["Americano", 5, 2.5, "Drink", "hot"],
  ["Espresso", 10, 2.0, "Drink", "hot"],
  ["Mocha", 250, 4.0, "Drink", "hot"],
  ["Iced Coffee", 80, 2.5, "Drink", "cold"],
  ["Hot Chocolate", 300, 3.5, "Drink", "hot"],
  ["Frappe", 450, 5.0, "Drink", "cold"],
  ["Iced Tea", 0, 2.5, "Drink", "cold"],
  ["Croissant", 231, 2.99, "Food", "food"],
  ["Bagel", 289, 3.49, "Food", "food"],
  ["Muffin", 426, 3.99, "Food", "food"],
  ["Sandwich", 512, 6.99, "Food", "food"],
] as const;

/** A coffee-shop schema exercising most kinds: used by tests and by bench/schema.bench.ts. */
export const coffeeSchema = defineSchema({
  data: {
    menu: { records: MENU.map(([product, calories, price, type, temp], i) => ({ product_id: i + 1, product, calories, price, type, temp })) },
  },
  tables: {
    sales: {
      chunkSize: 16384,
      group: { size: { name: "discrete", values: [1, 2, 3, 4], weights: [55, 25, 12, 8] } },
      columns: {
        transaction_id: { kind: "unique", format: "hex", length: 32, scope: "group" },
        date: { kind: "date", start: "2022-01-01", end: "2022-12-31", weekdays: { Sat: 1.3, Sun: 1.2 }, format: "MM/DD/YYYY", scope: "group" },
        time: { kind: "time", start: "06:00", end: "21:00", hours: { 7: 8, 8: 9, 9: 5, 12: 4, 13: 3 }, scope: "group" },
        product: {
          kind: "categorical",
          data: "menu",
          field: "product",
          cases: [
            { when: "month(date) in [6, 7, 8]", scale: { "Iced Coffee": 3, Frappe: 3, "Iced Tea": 3, "Hot Chocolate": 0.3 } },
            { when: "month(date) in [12, 1, 2]", scale: { "Hot Chocolate": 3, "Iced Coffee": 0.4, Frappe: 0.4, "Iced Tea": 0.4 } },
          ],
        },
        product_id: { kind: "lookup", data: "menu", key: "product", field: "product_id" },
        calories: { kind: "lookup", data: "menu", key: "product", field: "calories" },
        price: { kind: "lookup", data: "menu", key: "product", field: "price", type: "decimal", scale: 2 },
        type: { kind: "lookup", data: "menu", key: "product", field: "type" },
        quantity: { kind: "categorical", values: [1, 2, 3], weights: [70, 22, 8] },
        amount: { kind: "expression", expr: "price * quantity" },
        payment_type: {
          kind: "categorical",
          values: { Cash: 15, Credit: 35, Debit: 25, "Gift card": 5, "Apple Pay": 12, "Google Pay": 5, Venmo: 3 },
          scope: "group",
        },
      },
    },
  },
});
