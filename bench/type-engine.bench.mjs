// Type engine: native values -> Literal -> bytes -> Literal -> native values, against the floor of
// protobuf-es encoding and decoding the equivalent prebuilt message (what any literal must cost).
import { fromLiteral, t, toLiteral } from "@flytekit-ts/core";
import { fromBinary, LiteralSchema, toBinary } from "@flytekit-ts/core/idl";
import { sideBySide } from "./measure.mjs";

function compare(name, descriptor, value, elements) {
  const prebuilt = toLiteral(descriptor, value);
  const prebuiltBytes = toBinary(LiteralSchema, prebuilt);
  const floor = () => fromBinary(LiteralSchema, toBinary(LiteralSchema, prebuilt));
  const ours = () =>
    fromLiteral(descriptor, fromBinary(LiteralSchema, toBinary(LiteralSchema, toLiteral(descriptor, value))));
  const { a, b } = sideBySide(ours, floor, 5);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = toLiteral(descriptor, value);
  const perElement = (process.memoryUsage().heapUsed - before) / elements;
  return {
    name,
    ratio: a / b,
    target: 2,
    detail: `ours ${a.toFixed(0)} ms vs protobuf-es ${b.toFixed(0)} ms; ${prebuiltBytes.length} bytes; literal ~${perElement.toFixed(0)} B/element${kept ? "" : ""}`,
  };
}

export async function run() {
  const ints = Array.from({ length: 1_000_000 }, (_, i) => i);
  const record = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i * 0.5]));
  return [
    compare("type engine: 1,000,000-element Int[] round trip", t.list(t.int), ints, ints.length),
    compare("type engine: 100,000-entry Record<string, number> round trip", t.map(t.float), record, 100_000),
  ];
}
