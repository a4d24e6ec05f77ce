import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBinary } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, test } from "vitest";
import { LiteralMapSchema } from "../../core/src/idl.js";
import { t, toLiteralMap } from "../../core/src/index.js";
import { Decks } from "../src/decks/deck.js";
import { deckPage } from "../src/decks/deck-page.js";
import { markdown, table } from "../src/decks/renderers.js";
import { buildFixtureProject, execute } from "./support/entrypoint.js";

beforeAll(() => buildFixtureProject());

const chromium = ["chromium", "chromium-browser"].find((name) => {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});

/** Runs headless chromium on the page: `--dump-dom` gives the DOM after its script ran. */
function browse(page: string, args: string[]): string {
  if (chromium === undefined) throw new Error("no chromium: bash scripts/chromium.sh installs it");
  return execFileSync(
    chromium,
    ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", ...args, `file://${page}`],
    { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "ignore"] },
  );
}

describe("decks", () => {
  test("renderers: markdown to HTML, records to a table with every value escaped", () => {
    expect(markdown("# Notes\n\nx is **41**")).toBe("<h1>Notes</h1>\n<p>x is <strong>41</strong></p>\n");
    const html = table([{ name: "<b>a</b>", value: 1 }, { extra: { nested: true } }]);
    expect(html).toContain("<th>name</th><th>value</th><th>extra</th>");
    expect(html).toContain("<td>&lt;b&gt;a&lt;/b&gt;</td>");
    expect(html).toContain("<td>{&quot;nested&quot;:true}</td>");
    const decks = new Decks();
    decks.deck("empty");
    decks.deck("notes").append("<p>n</p>");
    decks.default.append("<p>d</p>");
    expect(decks.all.map((deck) => deck.name)).toEqual(["notes", "default"]);
    expect(deckPage("t<1>", decks.all)).toContain("<title>t&lt;1&gt; — decks</title>");
  });

  test("tsflyte-execute of a task with enableDeck: deck.html beside outputs.pb, nothing else", () => {
    const inputs = toBinary(LiteralMapSchema, toLiteralMap(new Map([["x", t.int]]), { x: 41 }));
    const run = execute(["task-module", "context", "task-name", "withDeck"], inputs);
    expect(run.status, run.stderr).toBe(0);
    expect(run.files).toEqual(["deck.html", "outputs.pb"]);
    const page = readFileSync(join(run.outputDir, "deck.html"), "utf8");
    expect(page).toContain("<strong>41</strong>");
    // A task without enableDeck writes none.
    const plain = execute(
      ["task-module", "tasks", "task-name", "add"],
      toBinary(
        LiteralMapSchema,
        toLiteralMap(
          new Map([
            ["a", t.int],
            ["b", t.int],
          ]),
          { a: 1, b: 2 },
        ),
      ),
    );
    expect(plain.files).toEqual(["outputs.pb"]);
  });

  test("in a real browser (headless chromium): the tabs, the rendered markdown and table, switching decks; a screenshot", () => {
    const inputs = toBinary(LiteralMapSchema, toLiteralMap(new Map([["x", t.int]]), { x: 41 }));
    const run = execute(["task-module", "context", "task-name", "withDeck"], inputs);
    const page = join(run.outputDir, "deck.html");
    const dom = browse(page, ["--dump-dom"]);
    expect(dom).toMatch(/<button class="tab active" data-deck="0">notes<\/button>/);
    expect(dom).toContain("<h1>Notes</h1>");
    expect(dom).toContain("<strong>41</strong>");
    expect(dom).toContain("<td>&lt;b&gt;a&lt;/b&gt;</td>");
    // Only the first deck is shown.
    expect(dom).toMatch(/<section class="deck" id="deck-1" hidden="">/);
    // The page's script switches decks: a copy that clicks the second tab on load.
    const clicked = join(mkdtempSync(join(tmpdir(), "deck-click-")), "deck.html");
    writeFileSync(
      clicked,
      readFileSync(page, "utf8").replace(
        "</body>",
        '<script>document.querySelectorAll(".tab")[1].click()</script></body>',
      ),
    );
    const switched = browse(clicked, ["--dump-dom"]);
    expect(switched).toMatch(/<section class="deck" id="deck-0" hidden="">/);
    expect(switched).toMatch(/<button class="tab active" data-deck="1">default<\/button>/);
    const screenshot = join(
      process.env.FLYTE_DECK_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "deck-shot-")),
      "deck.png",
    );
    browse(page, [`--screenshot=${screenshot}`, "--window-size=900,500"]);
    expect(existsSync(screenshot)).toBe(true);
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(900);
    expect(statSync(screenshot).size).toBeGreaterThan(5_000);
  }, 120_000);
});
