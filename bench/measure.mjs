// Side-by-side timing: runs `a` and `b` in alternating rounds and returns their medians (ms).
import { performance } from "node:perf_hooks";

export function sideBySide(a, b, rounds = 7) {
  const times = { a: [], b: [] };
  a();
  b(); // warm up both
  for (let i = 0; i < rounds; i++) {
    for (const [key, fn] of i % 2 === 0
      ? [
          ["a", a],
          ["b", b],
        ]
      : [
          ["b", b],
          ["a", a],
        ]) {
      const start = performance.now();
      fn();
      times[key].push(performance.now() - start);
    }
  }
  const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
  return { a: median(times.a), b: median(times.b) };
}
