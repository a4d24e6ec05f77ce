import { readFile } from "node:fs/promises";
import {
  ContainerTask,
  type FlyteFile,
  Int,
  LaunchPlan,
  type NamedOutputs,
  t,
  task,
  workflow,
} from "@flytekit-ts/core";

/** A point on a plane: a struct, written as msgpack exactly like a flytekit dataclass. */
export interface Point {
  x: number;
  y: number;
  label?: string;
}

/**
 * Greets someone.
 * @param who whom to greet
 * @param title how to address them, if at all
 */
export const greet = task(
  (who: string, title?: string): string => `hello ${title ? `${title} ` : ""}${who}`,
  {
    retries: 2,
  },
);

/** The mean and count of some numbers. */
export const stats = task(
  (values: number[]): NamedOutputs<{ mean: number; count: Int }> => ({
    mean: values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1),
    count: Int(values.length),
  }),
  { requests: { cpu: "1", mem: "500Mi" } },
);

/**
 * Counts the non-empty lines of a text file. On a cluster the file arrives as an object-store URI
 * and is fetched by `download()`, only when the task asks for it.
 */
export const countLines = task(async (doc: FlyteFile<"txt">): Promise<Int> => {
  const text = await readFile(await doc.download(), "utf8");
  return Int(text.split("\n").filter((line) => line.trim() !== "").length);
});

/** The point farthest from the origin. */
export const farthest = task((points: Point[]): Point => {
  const distance = (p: Point) => Math.hypot(p.x, p.y);
  return points.reduce((best, p) => (distance(p) > distance(best) ? p : best));
});

/** Describes a point and the statistics of its coordinates. */
export const describe = task(
  (point: Point, mean: number, count: Int): string =>
    `${point.label ?? "a point"} at (${point.x}, ${point.y}); ${count} coordinates, mean ${mean}`,
);

/** Finds the farthest point, then describes it with the mean of all coordinates. */
export const survey = workflow((points: Point[], coordinates: number[]) => {
  const best = farthest(points);
  const { mean, count } = stats(coordinates);
  return describe(best, mean, count);
});

/** The survey of one fixed point, for a quick check on a cluster. */
export const surveyOrigin = LaunchPlan.create("hello.survey_origin", survey, {
  fixedInputs: { points: [{ x: 0, y: 0, label: "origin" }] },
});

/** A raw container task: runs in any image, no SDK inside. */
export const square = new ContainerTask({
  name: "hello.square",
  image: "alpine:3.20",
  command: ["sh", "-c", "echo $(( {{.inputs.val}} * {{.inputs.val}} )) | tee /var/outputs/out"],
  inputs: { val: t.int },
  outputs: { out: t.int },
  inputDataDir: "/var/inputs",
  outputDataDir: "/var/outputs",
});
