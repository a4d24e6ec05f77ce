import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImageSpec } from "@flytekit-ts/core";
import { beforeAll, describe, expect, test } from "vitest";
import { runContainer } from "../src/docker/run-container.js";
import { buildImage, ImageBuildError } from "../src/images/build-image.js";
import { imageSpecDockerfile } from "../src/images/image-spec-dockerfile.js";
import { busyboxImage } from "./support/docker-images.js";

let base = "";
beforeAll(async () => {
  base = await busyboxImage();
}, 120_000);

describe("ImageSpec builds", () => {
  test("the Dockerfile has every part of the spec, in order", () => {
    const spec = new ImageSpec({
      name: "app",
      baseImage: "node:24-bookworm-slim",
      env: { B: "2", A: 'say "hi"' },
      aptPackages: ["git", "curl"],
      packages: ["left-pad@1.3.0"],
      copy: ["dist", "package.json"],
      commands: ["npm ci --omit=dev"],
      entrypoint: ["node"],
    });
    expect(imageSpecDockerfile(spec)).toBe(
      [
        "FROM node:24-bookworm-slim",
        'ENV A="say \\"hi\\"" B="2"',
        "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git curl && rm -rf /var/lib/apt/lists/*",
        "RUN npm install --global --no-audit --no-fund left-pad@1.3.0",
        "WORKDIR /root",
        'COPY "dist" "/root/dist"',
        'COPY "package.json" "/root/package.json"',
        "RUN npm ci --omit=dev",
        'ENTRYPOINT ["node"]',
        "",
      ].join("\n"),
    );
  });

  test("builds offline on a local base image: env, commands and copied sources are in the image", async () => {
    const root = await mkdtemp(join(tmpdir(), "spec-src-"));
    await mkdir(join(root, "data"));
    await writeFile(join(root, "data", "note.txt"), "copied\n");
    const spec = new ImageSpec({
      name: "flytekit-ts-test/built",
      baseImage: base,
      env: { GREETING: "hi there" },
      commands: ["echo built > /built.txt"],
      copy: ["data"],
    });
    const lines: string[] = [];
    const result = await buildImage(spec, {
      sourceRoot: root,
      network: "none",
      onLog: (line) => lines.push(line),
    });
    expect(result).toEqual({ image: spec.imageName(), built: true });
    expect(lines.join("\n")).toContain("Successfully tagged");
    const seen: string[] = [];
    const exit = await runContainer(
      {
        image: result.image,
        cmd: ["sh", "-c", 'echo "$GREETING|$(cat /built.txt)|$(cat data/note.txt)|$(pwd)"'],
        network: "none",
      },
      { onLog: (line) => seen.push(line) },
    );
    expect(exit.exitCode).toBe(0);
    expect(seen).toEqual(["hi there|built|copied|/root"]);
  }, 120_000);

  test("the tag is the spec's hash: equal specs share it, an existing image is kept", async () => {
    const spec = new ImageSpec({
      name: "flytekit-ts-test/plain",
      baseImage: base,
      commands: ["echo one > /one"],
    });
    const same = new ImageSpec({
      name: "flytekit-ts-test/plain",
      baseImage: base,
      commands: ["echo one > /one"],
    });
    const other = spec.withCommands("echo two > /two");
    expect(same.imageName()).toBe(spec.imageName());
    expect(other.imageName()).not.toBe(spec.imageName());
    await buildImage(spec, { network: "none", force: true });
    expect(await buildImage(same, { network: "none" })).toEqual({ image: spec.imageName(), built: false });
  }, 120_000);

  test("a failing build step is an ImageBuildError naming the image and the step's error", async () => {
    const spec = new ImageSpec({ name: "flytekit-ts-test/broken", baseImage: base, commands: ["exit 3"] });
    const error = await buildImage(spec, { network: "none", force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageBuildError);
    expect((error as Error).message).toContain(`building ${spec.imageName()} failed`);
    expect((error as Error).message).toContain("returned a non-zero code: 3");
  }, 120_000);

  test("a copy entry outside the source root is refused", async () => {
    const spec = new ImageSpec({ name: "flytekit-ts-test/escape", baseImage: base, copy: ["../etc"] });
    await expect(buildImage(spec, { sourceRoot: tmpdir() })).rejects.toThrow("must be a path inside");
  });
});
