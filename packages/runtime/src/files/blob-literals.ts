import { fileURLToPath } from "node:url";
import type { Literal } from "@flytekit-ts/core";
import type { Blob } from "@flytekit-ts/core/idl";

/** The local path of a local path or `file://` URI. */
export function localPathOf(uri: string): string {
  return uri.startsWith("file://") ? fileURLToPath(uri) : uri;
}

/** Calls `visit` on every blob in `literal` (through lists, maps and unions), in order. */
export async function eachBlob(literal: Literal, visit: (blob: Blob) => Promise<void>): Promise<void> {
  const value = literal.value;
  if (value.case === "collection") for (const item of value.value.literals) await eachBlob(item, visit);
  else if (value.case === "map")
    for (const item of Object.values(value.value.literals)) await eachBlob(item, visit);
  else if (value.case === "scalar") {
    const scalar = value.value.value;
    if (scalar.case === "blob") await visit(scalar.value);
    else if (scalar.case === "union" && scalar.value.value !== undefined)
      await eachBlob(scalar.value.value, visit);
  }
}
