// Bundles a compiled package's entries with their dependencies into <package>/dist/bundle, the
// files the package's exports point at:
//   node scripts/bundle-package.mjs <package folder> <entry>... [--external <name>]... [--snapshot <entry>]
// Node's ES module loader pays per file (resolve, read, compile, link): the ~200 files of core and
// its dependencies load in ~110 ms, the bundle in ~40 ms, and every `tsflyte` and `tsflyte-execute`
// start pays that. The entries share chunks, so e.g. `@flytekit-ts/core` and `@flytekit-ts/core/idl`
// hold the same schemas, and the runtime's entrypoint and its library the same execution context.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const args = process.argv.slice(2);
const flagged = (flag) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
const externals = flagged("--external");
const [snapshotEntry] = flagged("--snapshot");
const [folder, ...entries] = args.filter(
  (arg, i) => !arg.startsWith("--") && !["--external", "--snapshot"].includes(args[i - 1]),
);
const dist = `${resolve(folder)}/dist/`;
rmSync(`${dist}bundle`, { recursive: true, force: true });
mkdirSync(`${dist}bundle`, { recursive: true });
await build({
  entryPoints: Object.fromEntries(entries.map((entry) => [entry, `${dist}${entry}.js`])),
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  chunkNames: "shared-[hash]",
  external: externals,
  // Maps back through tsc's maps to src/*.ts, for stack traces under --enable-source-maps.
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
});

// The entry a V8 startup snapshot is built from: one CommonJS file (a snapshot holds one script),
// everything bundled in but what is loaded on demand (optional peers, marked). Built where it runs
// (tsflyte-snapshot in the task image), so import.meta.url is the file's own location.
if (snapshotEntry !== undefined) {
  const out = `${dist}bundle/snapshot`;
  await build({
    entryPoints: { entrypoints: `${dist}${snapshotEntry}.js` },
    outdir: out,
    outExtension: { ".js": ".cjs" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node22",
    external: ["@aws-sdk/*", "@google-cloud/*", "marked"],
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__importMetaUrl", "import.meta.resolve": "__importMetaResolve" },
    // Restored code cannot call import.meta.resolve either: the module below answers for it.
    footer: {
      js: 'function __importMetaResolve(specifier) { return globalThis[Symbol.for("flytekit-ts.snapshot-resolve")](specifier); }',
    },
    sourcemap: true,
    sourcesContent: false,
    logLevel: "warning",
  });
  // Loaded after the snapshot is restored: restored code cannot call import() or import.meta.resolve.
  writeFileSync(
    `${out}/import-module.mjs`,
    "export const importModule = (specifier) => import(specifier);\nexport const resolveModule = (specifier) => import.meta.resolve(specifier);\n",
  );
}

// Class names are part of the error model (an error's `name`, cross-copy `instanceof`). esbuild
// writes a class that refers to itself as `var X = class _X {...}`, so its name would be `_X`.
// `keepNames` would fix that with a `__name` call per function created, hot paths included
// (~15 ms of a 1,000-task package); naming just those classes after their module ran costs nothing.
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
for (const path of files(`${dist}bundle`).filter((file) => /\.c?js$/.test(file))) {
  const code = readFileSync(path, "utf8");
  const renamed = [...code.matchAll(/^var (\w+) = class _\1\b/gm)].map((match) => match[1]);
  const footer = renamed.map((name) => `Object.defineProperty(${name}, "name", { value: "${name}" });`);
  if (footer.length > 0) writeFileSync(path, `${code}${footer.join("\n")}\n`);
}

// Every exported class and function must carry its export's name. (Entries that run something
// when imported, such as a bin, are not imported here.)
for (const entry of entries.filter((entry) => !entry.startsWith("bin/"))) {
  const exports = await import(pathToFileURL(`${dist}bundle/${entry}.js`).href);
  for (const [key, value] of Object.entries(exports)) {
    if (typeof value === "function" && value.name !== key && /^[A-Z]/.test(key)) {
      throw new Error(
        `bundle ${folder} ${entry}: export ${key} is named ${value.name}: a name collision renamed it`,
      );
    }
  }
}
