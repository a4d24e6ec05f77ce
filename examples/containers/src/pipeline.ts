import {
  ContainerTask,
  createNode,
  type FlyteDirectory,
  type FlyteFile,
  type Int,
  t,
  workflow,
} from "@flytekit-ts/core";

/**
 * Built offline by `npm run image` (Debian's static busybox); any image with a POSIX shell works.
 * Container tasks need nothing of flytekit-ts inside: inputs arrive as files, outputs leave as files.
 */
export const image = "flytekit-ts-examples/busybox:local";

/** Where copilot puts the inputs and collects the outputs, as on a cluster. */
const dataDirs = { inputDataDir: "/var/inputs", outputDataDir: "/var/outputs" } as const;

/** Writes `count` numbered lines to a text file. */
export const makeLines = new ContainerTask({
  name: "containers.make_lines",
  image,
  command: ["sh", "-c", "seq 1 {{.inputs.count}} | sed 's/^/line /' > /var/outputs/lines"],
  inputs: { count: t.int },
  outputs: { lines: t.file("txt") },
  ...dataDirs,
});

/** Splits a text file into chunks of `size` lines: a directory of `part-000`, `part-001`, ... */
export const chunk = new ContainerTask({
  name: "containers.chunk",
  image,
  command: [
    "sh",
    "-c",
    `mkdir /var/outputs/chunks && awk -v size={{.inputs.size}} '{ print > sprintf("/var/outputs/chunks/part-%03d", int((NR - 1) / size)) }' /var/inputs/lines`,
  ],
  inputs: { lines: t.file("txt"), size: t.int },
  outputs: { chunks: t.directory() },
  ...dataDirs,
});

/** Counts the chunks and the lines in them. */
export const summarize = new ContainerTask({
  name: "containers.summarize",
  image,
  command: [
    "sh",
    "-c",
    "ls /var/inputs/chunks | wc -l > /var/outputs/files && cat /var/inputs/chunks/* | wc -l > /var/outputs/lines",
  ],
  inputs: { chunks: t.directory() },
  outputs: { files: t.int, lines: t.int },
  limits: { cpu: "500m", mem: "64Mi" },
  ...dataDirs,
});

/** Makes `count` lines, splits them into chunks of `size`, and counts both: (chunks, lines). */
export const report = workflow((count: Int, size: Int) => {
  const lines = createNode<{ lines: FlyteFile }>(makeLines, { count }).lines;
  const chunks = createNode<{ chunks: FlyteDirectory }>(chunk, { lines, size }).chunks;
  const { files, lines: total } = createNode<{ files: Int; lines: Int }>(summarize, { chunks });
  return [files, total] as const;
});
