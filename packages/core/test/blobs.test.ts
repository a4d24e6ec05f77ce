import { describe, expect, test } from "vitest";
import {
  FlyteDirectory,
  FlyteDownloadError,
  FlyteFile,
  fromLiteralMap,
  isFlyteError,
  type TypeDescriptor,
  t,
  toLiteral,
  toLiteralMap,
} from "../src/index.js";
import { type BlobLocalizer, isRemoteUri } from "../src/internal.js";

/** A fetch that counts its calls and resolves when told to. */
function controlledFetch() {
  const state = { calls: 0, fail: false, release: () => {} };
  const fetch = () => {
    state.calls++;
    return new Promise<void>((resolve, reject) => {
      state.release = () => (state.fail ? reject(new Error("store down")) : resolve());
    });
  };
  return { state, fetch };
}

describe("FlyteFile.download", () => {
  test("a local file is downloaded already: its path at once", async () => {
    const file = new FlyteFile("/data/a.csv", "csv");
    expect(file.downloaded).toBe(true);
    expect(file.remoteSource).toBeUndefined();
    await expect(file.download()).resolves.toBe("/data/a.csv");
  });

  test("an input from a store fetches once, on first use; concurrent calls share the fetch", async () => {
    const { state, fetch } = controlledFetch();
    const file = new FlyteFile("/work/inputs/0/a.csv", "csv", { remoteSource: "s3://b/a.csv", fetch });
    expect(file.downloaded).toBe(false);
    expect(state.calls).toBe(0);
    const first = file.download();
    const second = file.download();
    expect(state.calls).toBe(1);
    state.release();
    await expect(Promise.all([first, second])).resolves.toEqual([
      "/work/inputs/0/a.csv",
      "/work/inputs/0/a.csv",
    ]);
    expect(file.downloaded).toBe(true);
    await file.download();
    expect(state.calls).toBe(1);
  });

  test("a failed fetch is tried again on the next call", async () => {
    const { state, fetch } = controlledFetch();
    const dir = new FlyteDirectory("/work/inputs/1/tree", "", { remoteSource: "gs://b/tree", fetch });
    state.fail = true;
    const failed = dir.download();
    state.release();
    await expect(failed).rejects.toThrow("store down");
    expect(dir.downloaded).toBe(false);
    state.fail = false;
    const retried = dir.download();
    state.release();
    await expect(retried).resolves.toBe("/work/inputs/1/tree");
    expect(state.calls).toBe(2);
  });

  test("a store URI built in task code cannot be downloaded: a FlyteDownloadError naming it", async () => {
    const file = new FlyteFile("s3://b/made-here.txt");
    expect(file.downloaded).toBe(false);
    const error = await file.download().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlyteDownloadError);
    expect(isFlyteError(error, "SYSTEM")).toBe(true);
    expect((error as FlyteDownloadError).remoteSource).toBe("s3://b/made-here.txt");
    expect((error as Error).message).toContain("s3://b/made-here.txt cannot be downloaded here");
  });

  test("blobs stay immutable", () => {
    const file = new FlyteFile("/a", "", { remoteSource: "s3://b/a", fetch: async () => {} });
    expect(() => {
      (file as { path: string }).path = "/b";
    }).toThrow(TypeError);
  });

  test("isRemoteUri: object stores yes, local paths and file:// no", () => {
    expect(["s3://b/k", "gs://b/k", "abfs://c/k"].map(isRemoteUri)).toEqual([true, true, true]);
    expect(["/tmp/a", "file:///tmp/a", "relative/a", "C:\\a"].map(isRemoteUri)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("reading literals with a blob localizer", () => {
  const types = new Map<string, TypeDescriptor>([
    ["doc", t.file("csv")],
    ["docs", t.list(t.file())],
    ["row", t.struct("Row", { attachment: t.file(), dir: t.directory() })],
  ]);
  const literals = toLiteralMap(types, {
    doc: new FlyteFile("s3://b/doc.csv"),
    docs: [new FlyteFile("/local/x.txt"), new FlyteFile("gs://b/y.txt")],
    row: { attachment: new FlyteFile("s3://b/att.bin"), dir: new FlyteDirectory("s3://b/tree") },
  });

  test("object-store blobs get the localizer's path and origin, in lists and structs too", () => {
    const seen: string[] = [];
    const localizer: BlobLocalizer = (uri, folder, where) => {
      seen.push(`${where} ${folder ? "folder" : "file"} ${uri}`);
      if (!isRemoteUri(uri)) return undefined;
      return {
        path: `/work/${uri.replace(/^\w+:\/\/b\//, "")}`,
        origin: { remoteSource: uri, fetch: async () => {} },
      };
    };
    const values = fromLiteralMap(types, literals, { task: "t", blobs: localizer });
    const doc = values.doc as FlyteFile;
    expect([doc.path, doc.remoteSource, doc.format, doc.downloaded]).toEqual([
      "/work/doc.csv",
      "s3://b/doc.csv",
      "csv",
      false,
    ]);
    const docs = values.docs as FlyteFile[];
    expect(docs.map((file) => [file.path, file.remoteSource])).toEqual([
      ["/local/x.txt", undefined],
      ["/work/y.txt", "gs://b/y.txt"],
    ]);
    const row = values.row as { attachment: FlyteFile; dir: FlyteDirectory };
    expect(row.dir).toBeInstanceOf(FlyteDirectory);
    expect([row.attachment.path, row.dir.path, row.dir.remoteSource]).toEqual([
      "/work/att.bin",
      "/work/tree",
      "s3://b/tree",
    ]);
    expect(seen[0]).toBe('Task t: input "doc" file s3://b/doc.csv');
    expect(seen).toContain('Task t: input "docs" file gs://b/y.txt');
    expect(seen.some((line) => line.endsWith("folder s3://b/tree"))).toBe(true);
  });

  test("without a localizer a blob's path is its URI; the localizer is gone after the call", () => {
    fromLiteralMap(types, literals, {
      blobs: (uri) => ({ path: "/elsewhere", origin: { remoteSource: uri, fetch: async () => {} } }),
    });
    const values = fromLiteralMap(types, literals);
    expect((values.doc as FlyteFile).path).toBe("s3://b/doc.csv");
    expect((values.doc as FlyteFile).remoteSource).toBeUndefined();
  });

  test("a received blob is written back as its remote source, not its local path", () => {
    const received = new FlyteFile("/work/doc.csv", "csv", {
      remoteSource: "s3://b/doc.csv",
      fetch: async () => {},
    });
    const literal = toLiteral(t.file("csv"), received);
    expect(
      literal.value.case === "scalar" &&
        literal.value.value.value.case === "blob" &&
        literal.value.value.value.value.uri,
    ).toBe("s3://b/doc.csv");
    const inStruct = toLiteralMap(new Map([["row", types.get("row") ?? t.none]]), {
      row: { attachment: received, dir: new FlyteDirectory("/local/tree") },
    });
    const back = fromLiteralMap(new Map([["row", types.get("row") ?? t.none]]), inStruct).row as {
      attachment: FlyteFile;
      dir: FlyteDirectory;
    };
    expect([back.attachment.path, back.dir.path]).toEqual(["s3://b/doc.csv", "/local/tree"]);
  });
});
