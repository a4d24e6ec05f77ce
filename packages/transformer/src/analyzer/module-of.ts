import { relative, sep } from "node:path";

/**
 * A source file's module name: its path relative to the project's `rootDir`, without extension,
 * `/` replaced by `.` (`src/workflows/hello.ts` with rootDir `src` -> `workflows.hello`).
 */
export function moduleOf(fileName: string, rootDir: string): string {
  const rel = relative(rootDir, fileName).split(sep).join("/");
  return rel
    .replace(/\.(d\.)?[cm]?[jt]sx?$/, "")
    .split("/")
    .join(".");
}
