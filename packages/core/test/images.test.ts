import { describe, expect, test } from "vitest";
import {
  FlyteImageError,
  FlyteValidationError,
  Image,
  ImageConfig,
  ImageSpec,
  isFlyteError,
  parseImageReference,
} from "../src/index.js";
import { resolveImage } from "../src/internal.js";

describe("parseImageReference (flytekit's _parse_image_identifier)", () => {
  test.each([
    ["ghcr.io/org/img:v1", { fqn: "ghcr.io/org/img", tag: "v1" }],
    ["alpine", { fqn: "alpine" }],
    ["localhost:5000/img", { fqn: "localhost:5000/img" }],
    ["localhost:5000/img:2.1", { fqn: "localhost:5000/img", tag: "2.1" }],
    ["img@sha256:abc", { fqn: "img", digest: "sha256:abc" }],
    ["repo:tag@sha256:abc", { fqn: "repo:tag", digest: "sha256:abc" }],
    ["registry:443/a/b@sha256:0f", { fqn: "registry:443/a/b", digest: "sha256:0f" }],
  ])("%s", (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });
});

describe("Image", () => {
  test("full and version", () => {
    expect(new Image({ name: "a", fqn: "x/y", tag: "1" }).full).toBe("x/y:1");
    expect(new Image({ name: "a", fqn: "x/y", digest: "sha256:d" }).full).toBe("x/y@sha256:d");
    expect(new Image({ name: "a", fqn: "x/y", digest: "sha256:d" }).version).toBe("sha256:d");
    // flytekit writes "x/y:None" here; we write a reference a registry accepts.
    expect(new Image({ name: "a", fqn: "x/y" }).full).toBe("x/y");
  });

  test("tag and digest together are refused", () => {
    expect(() => new Image({ name: "a", fqn: "x", tag: "1", digest: "sha256:d" })).toThrow(
      FlyteValidationError,
    );
  });

  test("lookUpImageInfo requires a tag or digest unless allowed", () => {
    expect(() => Image.lookUpImageInfo("default", "alpine")).toThrow(
      "Incorrectly formatted image alpine, missing tag or digest",
    );
    expect(Image.lookUpImageInfo("x", "alpine", true).full).toBe("alpine");
  });
});

describe("ImageConfig", () => {
  test("validateImage: name=ref, a bare default, lookup order", () => {
    const config = ImageConfig.validateImage(["ghcr.io/a:1", "gpu=ghcr.io/gpu:2", "gpu=ghcr.io/other:3"]);
    expect(config.defaultImage?.full).toBe("ghcr.io/a:1");
    expect(config.findImage("default")?.full).toBe("ghcr.io/a:1");
    expect(config.findImage("gpu")?.full).toBe("ghcr.io/gpu:2");
    expect(config.findImage("missing")).toBeUndefined();
  });

  test("validateImage: two defaults", () => {
    expect(() => ImageConfig.validateImage(["a:1", "default=b:2"])).toThrow(
      "Only one default image can be specified. Received multiple a:1 & b:2 for --image",
    );
  });

  test("validateImage: a reference without tag or digest", () => {
    expect(() => ImageConfig.validateImage(["gpu=ghcr.io/gpu"])).toThrow(FlyteImageError);
  });

  test("validateImage without a default uses FLYTE_INTERNAL_IMAGE or the conventional image", () => {
    const before = process.env.FLYTE_INTERNAL_IMAGE;
    try {
      process.env.FLYTE_INTERNAL_IMAGE = "registry.local/internal:9";
      expect(ImageConfig.validateImage(["gpu=g:1"]).defaultImage?.full).toBe("registry.local/internal:9");
      delete process.env.FLYTE_INTERNAL_IMAGE;
      expect(ImageConfig.validateImage([]).defaultImage?.full).toMatch(
        /^cr\.flyte\.org\/flyteorg\/flytekit-ts:node24-/,
      );
    } finally {
      if (before === undefined) delete process.env.FLYTE_INTERNAL_IMAGE;
      else process.env.FLYTE_INTERNAL_IMAGE = before;
    }
  });

  test("auto: the default needs a tag, others do not", () => {
    const config = ImageConfig.auto({ img: "a:1", images: { base: "registry/base" } });
    expect(config.findImage("base")?.full).toBe("registry/base");
    expect(() => ImageConfig.auto({ img: "a" })).toThrow("missing tag or digest");
  });
});

describe("resolveImage (flytekit's get_registerable_container_image)", () => {
  const config = ImageConfig.fromImages("ghcr.io/org/default:v1", {
    gpu: "ghcr.io/org/gpu:cu12",
    "my-image": "ghcr.io/org/hyphen:7",
    notag: "ghcr.io/org/notag",
    pinned: "ghcr.io/org/pinned@sha256:abcd",
  });

  test.each([
    ["a plain reference is returned verbatim", "docker.io/library/alpine:3", "docker.io/library/alpine:3"],
    ["{{.image.default}} is the full default", "{{.image.default}}", "ghcr.io/org/default:v1"],
    ["fqn and version", "{{.image.gpu.fqn}}:{{.image.gpu.version}}", "ghcr.io/org/gpu:cu12"],
    ["mixed with literal text", "{{.image.gpu.fqn}}:latest", "ghcr.io/org/gpu:latest"],
    ["`images` and spaces", "{{ .images.gpu.fqn }}:{{  .image.gpu.version  }}", "ghcr.io/org/gpu:cu12"],
    ["case-insensitive prefix", "{{.IMAGE.gpu.fqn}}:x", "ghcr.io/org/gpu:x"],
    [
      "hyphenated names (1.16.17)",
      "{{.image.my-image.fqn}}:{{.image.my-image.version}}",
      "ghcr.io/org/hyphen:7",
    ],
    [
      "version without a tag falls back to the default's",
      "{{.image.notag.fqn}}:{{.image.notag.version}}",
      "ghcr.io/org/notag:v1",
    ],
    [
      "a digest version joins with @ (1.16.24)",
      "{{.image.pinned.fqn}}:{{.image.pinned.version}}",
      "ghcr.io/org/pinned@sha256:abcd",
    ],
    ["repeated placeholders", "{{.image.gpu.fqn}}/{{.image.gpu.fqn}}", "ghcr.io/org/gpu/ghcr.io/org/gpu"],
  ])("%s", (_name, image, expected) => {
    expect(resolveImage(image, config)).toBe(expected);
  });

  test("nothing: the default image", () => {
    expect(resolveImage(undefined, config)).toBe("ghcr.io/org/default:v1");
    expect(resolveImage("", config)).toBe("ghcr.io/org/default:v1");
  });

  test("nothing and no default image", () => {
    expect(() => resolveImage(undefined, new ImageConfig())).toThrow(
      "An image is required for AutoContainer tasks",
    );
  });

  test("an unknown image name", () => {
    const error = (() => {
      try {
        resolveImage("{{.image.nope.fqn}}:1", config);
      } catch (e) {
        return e;
      }
    })();
    expect(isFlyteError(error, "IMAGE")).toBe(true);
    expect((error as Error).message).toBe("Image Config with name nope not found in the configuration");
  });

  test("an attribute other than fqn or version (also FQN in capitals)", () => {
    expect(() => resolveImage("{{.image.gpu.tag}}", config)).toThrow(
      "Only fqn and version are supported replacements, tag is not supported",
    );
    expect(() => resolveImage("{{.image.gpu.FQN}}", config)).toThrow(
      "Only fqn and version are supported replacements, FQN is not supported",
    );
  });

  test("version with neither the image's nor a default's", () => {
    const noDefault = ImageConfig.createFrom(undefined, [Image.lookUpImageInfo("x", "reg/x", true)]);
    expect(() => resolveImage("{{.image.x.fqn}}:{{.image.x.version}}", noDefault)).toThrow(FlyteImageError);
  });

  test("an ImageSpec: its configured image, else its own name", () => {
    const spec = new ImageSpec({ name: "tasks", registry: "ghcr.io/org", packages: ["left-pad@1.3.0"] });
    expect(resolveImage(spec, config)).toBe(spec.imageName());
    const withBuilt = ImageConfig.createFrom(config.defaultImage, [
      Image.lookUpImageInfo(spec.id, "ghcr.io/org/tasks:prebuilt"),
    ]);
    expect(resolveImage(spec, withBuilt)).toBe("ghcr.io/org/tasks:prebuilt");
  });
});

describe("ImageSpec", () => {
  test("equal specs name the same image; any change names a new one", () => {
    const a = new ImageSpec({ name: "tasks", registry: "ghcr.io/org", env: { B: "2", A: "1" } });
    const b = new ImageSpec({ name: "tasks", registry: "ghcr.io/org", env: { A: "1", B: "2" } });
    expect(a.imageName()).toBe(b.imageName());
    expect(a.imageName()).toMatch(/^ghcr\.io\/org\/tasks:[a-z2-7]{26}$/);
    expect(a.withAptPackages("curl").imageName()).not.toBe(a.imageName());
    expect(a.withPackages(["zod@4.0.0"]).tag).not.toBe(a.tag);
    expect(a.withCommands("echo hi").tag).not.toBe(a.tag);
    expect(a.withCopy("dist").tag).not.toBe(a.tag);
    expect(a.with({ sourceDigest: "x" }).tag).not.toBe(a.tag);
    // name and registry do not change the content hash
    expect(a.with({ registry: "other" }).id).toBe(a.id);
  });

  test("tagFormat", () => {
    const spec = new ImageSpec({ name: "t", tagFormat: "v2-{spec_hash}" });
    expect(spec.tag).toBe(`v2-${spec.id}`);
    expect(() => new ImageSpec({ name: "t", tagFormat: "static" })).toThrow(FlyteValidationError);
    expect(() => new ImageSpec({ name: "" })).toThrow(FlyteValidationError);
  });
});
