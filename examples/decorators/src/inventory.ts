import { Int, task } from "@flytekit-ts/core";

/**
 * Inventory tasks declared as methods. `@task` works with standard (TC39) decorators and with
 * legacy ones (`experimentalDecorators`), detected by how it is called; the transformer records each
 * method's signature either way. Get the tasks with `methodTasks(Inventory)`.
 */
export class Inventory {
  /** Items are reordered from here. */
  readonly supplier = "acme";

  /**
   * Parses `name: quantity` lines into stock levels.
   * @param lines one item per line
   */
  @task({ retries: 2 })
  static parse(lines: string[]): Record<string, Int> {
    const stock: Record<string, Int> = {};
    for (const line of lines) {
      const match = /^\s*([^:]+?)\s*:\s*(\d+)\s*$/.exec(line);
      if (match === null) throw new Error(`not a "name: quantity" line: ${JSON.stringify(line)}`);
      stock[match[1] as string] = Int(Number(match[2]));
    }
    return stock;
  }

  /**
   * The orders to place for items below `threshold`: an instance method, run on `new Inventory()`.
   * @param stock stock levels by item
   * @param threshold the level below which an item is reordered
   */
  @task({ cache: true, cacheVersion: "1" })
  reorder(stock: Record<string, Int>, threshold: Int = Int(5)): string[] {
    return Object.entries(stock)
      .filter(([, quantity]) => quantity < threshold)
      .map(([item, quantity]) => `${this.supplier}: ${threshold - quantity} x ${item}`)
      .sort();
  }
}
