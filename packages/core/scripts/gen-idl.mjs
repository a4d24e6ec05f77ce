#!/usr/bin/env node
// Generates protobuf-es code for the Flyte IDL into src/gen (or --out DIR).
//
// The .proto files come from the pinned @flyteorg/flyteidl package. Its own buf.yaml names
// remote dependencies (googleapis, ...) that no machine here can reach, and the messages we
// need import only Google's well-known types, which buf ships. So we copy the root files and
// everything they import into a temporary v2 module and run buf with the local protoc-gen-es.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The messages flytekit-ts writes or reads; their imports are added transitively. */
const ROOTS = [
  "flyteidl/core/errors.proto",
  "flyteidl/core/literals.proto",
  "flyteidl/core/tasks.proto",
  "flyteidl/core/workflow.proto",
  "flyteidl/core/workflow_closure.proto",
  "flyteidl/core/dynamic_job.proto",
  "flyteidl/admin/task.proto",
  "flyteidl/admin/workflow.proto",
  "flyteidl/admin/launch_plan.proto",
];

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(packageDir, "package.json"));
const protoRoot = join(dirname(require.resolve("@flyteorg/flyteidl/package.json")), "protos");
const bin = (name) => join(dirname(require.resolve("@bufbuild/buf/package.json")), "..", "..", ".bin", name);

const outIndex = process.argv.indexOf("--out");
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(packageDir, "src", "gen"));

/** Every file reachable from ROOTS through `import`, well-known types excluded. */
function closure(roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(protoRoot, file), "utf8");
    for (const [, imported] of text.matchAll(/^import\s+(?:public\s+)?"([^"]+)";/gm)) {
      if (!imported.startsWith("google/protobuf/")) stack.push(imported);
    }
  }
  return [...seen].sort();
}

const work = mkdtempSync(join(tmpdir(), "flytekit-ts-gen-"));
try {
  const files = closure(ROOTS);
  for (const file of files) {
    mkdirSync(dirname(join(work, "proto", file)), { recursive: true });
    cpSync(join(protoRoot, file), join(work, "proto", file));
  }
  writeFileSync(join(work, "proto", "buf.yaml"), "version: v2\n");
  const template = {
    version: "v2",
    clean: true,
    plugins: [
      {
        local: bin("protoc-gen-es"),
        out: outDir,
        opt: ["target=ts", "import_extension=js"],
        include_imports: true,
      },
    ],
  };
  execFileSync(bin("buf"), ["generate", join(work, "proto"), "--template", JSON.stringify(template)], {
    stdio: "inherit",
    cwd: work,
  });
  console.log(`generated ${files.length} .proto files into ${outDir}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
