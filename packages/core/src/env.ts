/**
 * Reads an environment variable where one exists (Node, Deno, Bun), without importing `node:*`:
 * core must load in any JavaScript runtime.
 */
export function readEnv(name: string): string | undefined {
  const holder = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return holder.process?.env?.[name];
}
