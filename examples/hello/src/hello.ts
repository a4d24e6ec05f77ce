import { ContainerTask, type NamedOutputs, t, task } from "@flytekit-ts/core";

/**
 * Greets someone.
 * @param who whom to greet
 */
export const greet = task((who: string): string => `hello ${who}`, { retries: 2 });

/** The mean and count of some numbers. */
export const stats = task(
  (values: number[]): NamedOutputs<{ mean: number; count: number }> => ({
    mean: values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1),
    count: values.length,
  }),
  { requests: { cpu: "1", mem: "500Mi" } },
);

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
