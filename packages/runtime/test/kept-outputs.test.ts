// A file or folder a locally run task returns from its scratch folder is copied under the local raw
// output folder (<raw>/<random>/<name>), as flytekit copies it into its raw output prefix: it still
// exists after the run, whose scratch folder is gone.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { localExecute } from "@flytekit-ts/cli";
import { FlyteDirectory, FlyteFile, t, task } from "@flytekit-ts/core";
import { currentContext } from "@flytekit-ts/runtime";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const raw = mkdtempSync(join(tmpdir(), "kept-outputs-"));
let previous: string | undefined;
beforeAll(() => {
  previous = process.env.FLYTE_LOCAL_RAW_OUTPUT;
  process.env.FLYTE_LOCAL_RAW_OUTPUT = raw;
});
afterAll(() => {
  if (previous === undefined) delete process.env.FLYTE_LOCAL_RAW_OUTPUT;
  else process.env.FLYTE_LOCAL_RAW_OUTPUT = previous;
  rmSync(raw, { recursive: true, force: true });
});

let scratch = "";
const report = task(
  (): FlyteFile => {
    scratch = currentContext().workingDirectory;
    const path = join(scratch, "report.txt");
    writeFileSync(path, "made in the scratch folder");
    return new FlyteFile(path);
  },
  { name: "kept.report", outputs: { o0: t.file() } },
);

const tree = task(
  (): FlyteDirectory => {
    const folder = join(currentContext().workingDirectory, "tree");
    mkdirSync(join(folder, "sub"), { recursive: true });
    writeFileSync(join(folder, "sub", "leaf.txt"), "leaf");
    return new FlyteDirectory(folder);
  },
  { name: "kept.tree", outputs: { o0: t.directory() } },
);

describe("files and folders a local run returns outlive it", () => {
  test("a direct call: the file is copied under <raw>/<random>/report.txt; the scratch folder is gone", async () => {
    const file = (await report()) as FlyteFile;
    expect(existsSync(scratch)).toBe(false);
    expect(dirname(dirname(file.path))).toBe(raw);
    expect(basename(file.path)).toBe("report.txt");
    expect(readFileSync(file.path, "utf8")).toBe("made in the scratch folder");
  });

  test("localExecute, and a folder with everything below it", async () => {
    const { o0 } = (await localExecute(tree, {})) as { o0: FlyteDirectory };
    expect(dirname(dirname(o0.path))).toBe(raw);
    expect(readFileSync(join(o0.path, "sub", "leaf.txt"), "utf8")).toBe("leaf");
    const again = (await localExecute(report, {})) as { o0: FlyteFile };
    expect(readFileSync(again.o0.path, "utf8")).toBe("made in the scratch folder");
  });
});
