// Workflow constructs (issue 22's targets): a 10,000-element map task run in process against calling
// the task 10,000 times directly (each call through the same literal round trip; core alone, so
// neither side pays for the runtime's per-call scratch folder), and the compile of a 1,000-node
// workflow against 200 ms.
import { performance } from "node:perf_hooks";
import { mapTask, t, task, workflow } from "@flytekit-ts/core";

const ELEMENTS = 10_000;
const single = (type) => ({ kind: "single", type });
const square = task(
  (x) => x * x,
  {},
  {
    module: "bench",
    key: "square",
    signature: { params: [{ name: "x", type: t.int }], returns: single(t.int) },
  },
);

async function medianOf(rounds, fn) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export async function run() {
  const xs = Array.from({ length: ELEMENTS }, (_, i) => i);
  const map = mapTask(square);
  const direct = async () => {
    for (const x of xs) await square(x);
  };
  const mapped = async () => {
    const out = await map(xs);
    if (out.length !== ELEMENTS) throw new Error(`map gave ${out.length}`);
  };
  await direct();
  await mapped();
  // Alternating rounds, as sideBySide does, for async work.
  const times = { a: [], b: [] };
  for (let i = 0; i < 3; i++) {
    for (const [key, fn] of i % 2 === 0
      ? [
          ["a", mapped],
          ["b", direct],
        ]
      : [
          ["b", direct],
          ["a", mapped],
        ]) {
      const start = performance.now();
      await fn();
      times[key].push(performance.now() - start);
    }
  }
  const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
  const a = median(times.a);
  const b = median(times.b);

  const add = task(
    (p, q) => p + q,
    {},
    {
      module: "bench",
      key: "add",
      signature: {
        params: [
          { name: "p", type: t.int },
          { name: "q", type: t.int },
        ],
        returns: single(t.int),
      },
    },
  );
  const compileOnce = () => {
    const flow = workflow(
      (n) => {
        let total = add(n, n);
        for (let i = 1; i < 1_000; i++) total = add(total, n);
        return total;
      },
      {},
      {
        module: "bench",
        key: "chain",
        signature: { params: [{ name: "n", type: t.int }], returns: single(t.int) },
      },
    );
    const { nodes } = flow.compile();
    if (nodes.length !== 1_000) throw new Error(`nodes: ${nodes.length}`);
  };
  const compile = await medianOf(7, compileOnce);
  return [
    {
      name: "constructs: 10,000-element map task in process vs 10,000 direct calls",
      ratio: a / b,
      target: 2,
      detail: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms; ${((a / ELEMENTS) * 1000).toFixed(0)} µs per element`,
    },
    {
      name: "constructs: compile of a 1,000-node workflow vs 200 ms",
      ratio: compile / 200,
      target: 1,
      detail: `${compile.toFixed(0)} ms`,
    },
  ];
}
