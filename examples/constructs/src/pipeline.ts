import {
  conditional,
  dynamic,
  gt,
  Int,
  type JsonObject,
  lt,
  mapTask,
  referenceTask,
  t,
  task,
  workflow,
} from "@flytekit-ts/core";
import { currentContext, markdown, table } from "@flytekit-ts/runtime";

/** What a batch of readings comes to. */
export interface Summary {
  count: Int;
  total: number;
  largest: number;
}

/** The square root of one reading (mapped over a batch). */
export const root = task((reading: number): number => Math.sqrt(reading));

/** Sums a batch, and shows it in a deck. */
export const summarize = task(
  (values: number[]): Summary => {
    const summary = {
      count: Int(values.length),
      total: values.reduce((a, b) => a + b, 0),
      largest: Math.max(...values),
    };
    currentContext()
      .decks.deck("summary")
      .append(markdown(`# ${summary.count} readings`))
      .append(table([{ ...summary }]));
    return summary;
  },
  { enableDeck: true, cache: true, cacheVersion: "1" },
);

/** A label for a total: an untyped dict, as flytekit's `dict`. */
export const label = task((total: number, count: Int): JsonObject => ({ total, count, tags: ["batch"] }));

/** The roots of the readings, summed: a map task, then attribute access on the struct it gives. */
export const report = workflow((readings: number[]) => {
  const summary = summarize(mapTask<(reading: number) => number>(root)(readings));
  return label(summary.total, summary.count);
});

/** Another team's Python task, called by identifier; locally a stand-in runs in its place. */
export const normalize = referenceTask<(score: Int) => Int>(
  { project: "flytesnacks", domain: "development", name: "scores.normalize", version: "v3" },
  { inputs: { score: t.int }, outputs: { o0: t.int } },
  { local: (score: Int) => Int(Math.min(100, score)) },
);

/** Says a passing score. */
export const pass = task((score: Int): string => `pass (${score})`);

/** Says a failing score. */
export const fail = task((score: Int): string => `fail (${score})`);

/** A conditional on the normalized score. */
export const grade = workflow((score: Int) => {
  const normalized = normalize(score);
  return conditional("passed")
    .if(gt(normalized, 59))
    .then(pass(normalized))
    .elif(lt(normalized, 0))
    .then(fail(Int(0)))
    .else()
    .then(fail(normalized));
});

/** The square of a number. */
export const square = task((x: Int): Int => Int(x * x));

/** A dynamic task: how many squares it runs is only known when it runs. */
export const powers = dynamic((n: Int): Int[] => {
  const out = [];
  for (let i = 1; i <= n; i++) out.push(square(Int(i)));
  return out as unknown as Int[];
});
