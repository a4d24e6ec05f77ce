// Datetimes keep their microseconds (and nanoseconds) through a TypeScript task: a flytekit
// datetime with 678901 µs comes back with 678901 µs, in literals and inside structs.
import { create, toBinary } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { LiteralMapSchema, LiteralSchema } from "../src/gen/flyteidl/core/literals_pb.js";
import { fromLiteral, PreciseDate, t, task, toLiteral, toLiteralMap } from "../src/index.js";
import { executeLiterals } from "../src/internal.js";

/** The literal flytekit writes for datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc). */
const flytekitLiteral = create(LiteralSchema, {
  value: {
    case: "scalar",
    value: {
      value: {
        case: "primitive",
        value: {
          value: {
            case: "datetime",
            value: create(TimestampSchema, { seconds: 1704164645n, nanos: 678_901_000 }),
          },
        },
      },
    },
  },
});

describe("precise datetimes", () => {
  test("a literal with microseconds reads as a PreciseDate and writes back exactly", () => {
    const date = fromLiteral(t.datetime, flytekitLiteral) as Date;
    expect(date).toBeInstanceOf(PreciseDate);
    expect(date).toBeInstanceOf(Date);
    expect(date.toISOString()).toBe("2024-01-02T03:04:05.678901Z");
    expect(toBinary(LiteralSchema, toLiteral(t.datetime, date))).toEqual(
      toBinary(LiteralSchema, flytekitLiteral),
    );
  });

  test("a task that passes a datetime on returns the microseconds it got", async () => {
    const echo = task((when: Date): Date => when, {
      name: "precise.echo",
      inputs: { when: t.datetime },
      outputs: { o0: t.datetime },
    });
    const inputs = create(LiteralMapSchema, { literals: { when: flytekitLiteral } });
    const outputs = await executeLiterals(echo, inputs);
    expect(toBinary(LiteralSchema, outputs.literals.o0 ?? create(LiteralSchema))).toEqual(
      toBinary(LiteralSchema, flytekitLiteral),
    );
    // A direct call too.
    expect(((await echo(fromLiteral(t.datetime, flytekitLiteral) as Date)) as Date).toISOString()).toBe(
      "2024-01-02T03:04:05.678901Z",
    );
  });

  test("inside a struct: Python's isoformat with the microseconds, both ways", () => {
    const event = t.struct("Event", { at: t.datetime });
    const at = PreciseDate.fromISOString("2024-01-02T03:04:05.678901+00:00") as PreciseDate;
    const literal = toLiteral(event, { at });
    const back = fromLiteral(event, literal) as { at: Date };
    expect(back.at.toISOString()).toBe("2024-01-02T03:04:05.678901Z");
    const bytes =
      literal.value.case === "scalar" && literal.value.value.value.case === "binary"
        ? Buffer.from(literal.value.value.value.value.value).toString("latin1")
        : "";
    expect(bytes).toContain("2024-01-02T03:04:05.678901+00:00");
  });

  test("milliseconds stay plain Dates; nanoseconds parse and print; ISO forms", () => {
    const millis = create(TimestampSchema, { seconds: 1704164645n, nanos: 678_000_000 });
    const plain = fromLiteral(t.datetime, toLiteral(t.datetime, new Date(1704164645678))) as Date;
    expect(plain).not.toBeInstanceOf(PreciseDate);
    expect(toLiteralMap(new Map([["d", t.datetime]]), { d: plain }).literals.d).toEqual(
      toLiteral(t.datetime, new Date(Number(millis.seconds) * 1000 + 678)),
    );
    const nanos = PreciseDate.fromISOString("2024-01-02T03:04:05.123456789Z") as PreciseDate;
    expect([nanos.getUTCMilliseconds(), nanos.subMillisecondNanos, nanos.toISOString()]).toEqual([
      123,
      456_789,
      "2024-01-02T03:04:05.123456789Z",
    ]);
    expect(PreciseDate.fromISOString("2024-01-02 03:04:05.5")?.toISOString()).toBe(
      "2024-01-02T03:04:05.500Z",
    );
    expect(PreciseDate.fromISOString("yesterday")).toBeUndefined();
  });
});
