/**
 * Writes the example's SQLite database (`node dist/make-database.js data/shop.db`): two tables, a
 * few rows, built with sql.js so nothing native is needed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import initSqlJs from "sql.js";

export const SHOP_SQL = `
  CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT);
  CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL REFERENCES customers(id), amount REAL NOT NULL);
  INSERT INTO customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'Arlington'), (3, 'Linus', NULL);
  INSERT INTO orders (customer, amount) VALUES (1, 12.5), (1, 30), (2, 8), (2, 9.5), (3, 41), (3, 1);
`;

/** The database's bytes (gzip-compressed when asked). */
export async function makeDatabase(options: { compressed?: boolean } = {}): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const database = new SQL.Database();
  try {
    database.exec(SHOP_SQL);
    const bytes = database.export();
    return options.compressed ? gzipSync(bytes) : bytes;
  } finally {
    database.close();
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = resolve(process.argv[2] ?? "data/shop.db");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, await makeDatabase());
  console.error(`wrote ${target}`);
}
