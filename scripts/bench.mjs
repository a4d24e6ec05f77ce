#!/usr/bin/env node
// Runs every benchmark in bench/*.bench.mjs (on the built packages), prints each measured ratio
// next to its target, and writes all results to .bench/results.json.
//
// Benchmarks measure side by side in one run (interleaved rounds, medians), so a noisy shared
// machine slows both sides alike; the ratio is what is compared with the target.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const only = process.argv[2];
const files = readdirSync(`${root}bench`)
  .filter((name) => name.endsWith(".bench.mjs") && (only === undefined || name.includes(only)))
  .sort();

const results = [];
for (const file of files) {
  const module = await import(pathToFileURL(`${root}bench/${file}`).href);
  for (const result of await module.run()) {
    results.push({ bench: file.replace(".bench.mjs", ""), ...result });
    const verdict = result.ratio <= result.target ? "ok" : "OVER TARGET";
    console.log(
      `${result.name.padEnd(58)} ratio ${result.ratio.toFixed(2).padStart(6)}x  target <= ${result.target}x  ${verdict}  (${result.detail})`,
    );
  }
}
mkdirSync(`${root}.bench`, { recursive: true });
writeFileSync(
  `${root}.bench/results.json`,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
console.log(`\nwrote .bench/results.json (${results.length} results)`);
