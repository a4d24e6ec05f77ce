import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { project } from "../../runtime/test/support/entrypoint.js";
import { cli } from "./support/cli.js";
import { busyboxImage, requireDocker } from "./support/docker-images.js";

/**
 * SIGINT, SIGTERM and SIGHUP at random moments of a container run (before the container exists,
 * while it is created, while it runs): nothing may be left, neither a container nor a folder.
 * `FLYTE_FUZZ_RACES` sets how many (the suite runs a few; `npm run fuzz` runs 100).
 */
const RACES = Number(process.env.FLYTE_FUZZ_RACES ?? 8);

let busybox = "";
let scratch = "";
beforeAll(async () => {
  busybox = await busyboxImage();
  // The runs' own temporary folder: whatever they leave is theirs alone.
  scratch = mkdtempSync(join(tmpdir(), "signal-races-"));
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `tsflyte run` on the sleeper task and sends `signal` after `delayMs`; resolves when it has exited. */
async function interruptedRun(signal: NodeJS.Signals, delayMs: number, tmp: string) {
  const child = spawn(
    process.execPath,
    [cli, "run", "-i", `busybox=${busybox}`, "--network", "none", "containers", "sleeper"],
    { cwd: project, env: { PATH: process.env.PATH, TMPDIR: tmp } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, exitSignal) => resolve({ code, signal: exitSignal })),
  );
  await sleep(delayMs);
  child.kill(signal);
  const hang = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const exit = await exited;
  clearTimeout(hang);
  return { ...exit, stderr };
}

describe("signals at random moments of a container run leave nothing behind", () => {
  test(
    `${RACES} races of SIGINT, SIGTERM and SIGHUP`,
    async () => {
      const docker = await requireDocker();
      const races = fc.sample(
        fc.record({
          signal: fc.constantFrom<NodeJS.Signals>("SIGINT", "SIGTERM", "SIGHUP"),
          delayMs: fc.integer({ min: 0, max: 1500 }),
        }),
        RACES,
      );
      for (const [i, race] of races.entries()) {
        const tmp = join(scratch, String(i));
        rmSync(tmp, { recursive: true, force: true });
        await import("node:fs/promises").then((fs) => fs.mkdir(tmp));
        const exit = await interruptedRun(race.signal, race.delayMs, tmp);
        const what = `${race.signal} after ${race.delayMs} ms`;
        // It ends with the signal (never hangs; SIGKILL would mean it did) and prints no engine error.
        expect(exit.signal ?? exit.code, `${what}: ${exit.stderr}`).toBe(race.signal);
        expect(exit.stderr, what).not.toMatch(/\b(409|400|404)\b|HTTP code/);
        const left = (await docker.listContainers({ all: true })).filter((info) =>
          (info.Mounts ?? []).some((mount) => (mount.Source ?? "").startsWith(tmp)),
        );
        expect(
          left.map((info) => info.Id),
          what,
        ).toEqual([]);
        expect(readdirSync(tmp), what).toEqual([]);
      }
      // Nothing appears later either (a creation or a start the engine was still working on).
      await sleep(2_000);
      const late = (await docker.listContainers({ all: true })).filter((info) =>
        (info.Mounts ?? []).some((mount) => (mount.Source ?? "").startsWith(scratch)),
      );
      expect(late.map((info) => `${info.Id} ${info.Status}`)).toEqual([]);
    },
    60_000 + RACES * 35_000,
  );
});
