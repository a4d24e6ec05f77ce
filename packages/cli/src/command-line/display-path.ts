import { isAbsolute, relative } from "node:path";

/** `path` relative to the working directory when it lies below it, else absolute: for messages. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
