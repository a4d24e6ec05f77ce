#!/usr/bin/env node
// Generates protobuf-es code for the Flyte IDL into src/gen (or --out DIR).
//
// The .proto files come from the pinned @flyteorg/flyteidl package. Its own buf.yaml names
// remote dependencies (googleapis, ...) that no machine here can reach, and the messages we
// need import only Google's well-known types, which buf ships. So we copy the root files and
// everything they import into a temporary v2 module and run buf with the local protoc-gen-es.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  // The services the CLI calls on a cluster (FlyteAdmin, its data proxy, its auth metadata).
  "flyteidl/service/admin.proto",
  "flyteidl/service/dataproxy.proto",
  "flyteidl/service/auth.proto",
];

/**
 * Imports of HTTP-gateway and OpenAPI annotations: options for REST gateways and docs, not part of
 * the gRPC wire (method paths and messages do not depend on them). Their .proto files live in
 * googleapis and grpc-gateway, which no machine here can fetch, so the options are removed before
 * generation (see {@link withoutGatewayOptions}).
 */
const GATEWAY_IMPORTS = ["google/api/annotations.proto", "protoc-gen-openapiv2/options/annotations.proto"];

/**
 * `text` without the gateway imports and without every `option (google.api.http) = {...};` and
 * `option (grpc.gateway....) = {...};` (braces matched, strings skipped). Everything else, the
 * services' methods and messages included, is left as it is.
 */
function withoutGatewayOptions(text) {
  let out = text;
  for (const imported of GATEWAY_IMPORTS) out = out.replace(`import "${imported}";`, "");
  const start = /option\s*\((google\.api\.http|grpc\.gateway\.[\w.]+)\)\s*=\s*\{/g;
  let result = "";
  let last = 0;
  for (let match = start.exec(out); match !== null; match = start.exec(out)) {
    let depth = 1;
    let i = match.index + match[0].length;
    while (depth > 0 && i < out.length) {
      const c = out[i];
      if (c === '"') {
        i++;
        while (i < out.length && out[i] !== '"') i += out[i] === "\\" ? 2 : 1;
      } else if (c === "{") depth++;
      else if (c === "}") depth--;
      i++;
    }
    while (i < out.length && /\s/.test(out[i])) i++;
    if (out[i] === ";") i++;
    result += out.slice(last, match.index);
    last = i;
    start.lastIndex = i;
  }
  return result + out.slice(last);
}

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
      if (!imported.startsWith("google/protobuf/") && !GATEWAY_IMPORTS.includes(imported))
        stack.push(imported);
    }
  }
  return [...seen].sort();
}

const work = mkdtempSync(join(tmpdir(), "flytekit-ts-gen-"));
try {
  const files = closure(ROOTS);
  for (const file of files) {
    mkdirSync(dirname(join(work, "proto", file)), { recursive: true });
    writeFileSync(
      join(work, "proto", file),
      withoutGatewayOptions(readFileSync(join(protoRoot, file), "utf8")),
    );
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
