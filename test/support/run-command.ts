import { spawn } from "node:child_process";

export interface Ran {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a command to its end without blocking the worker (other tests keep running). */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, FORCE_COLOR: "0" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** JSON objects printed on their own lines (what `tsflyte run` prints), in order. */
export function printedObjects(output: string): unknown[] {
  return [...output.matchAll(/^\{$[\s\S]*?^\}$/gm)].map((match) => JSON.parse(match[0]));
}
