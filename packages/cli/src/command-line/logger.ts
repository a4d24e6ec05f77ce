import { redactSecrets } from "@flytekit-ts/runtime/redaction";
import type { ConsolaInstance } from "consola";

/** How the CLI talks: to stderr (stdout is kept for results such as `run`'s outputs). */
export interface CliLogger {
  readonly console: ConsolaInstance;
  /** A TTY: colour and a live progress line. Otherwise plain lines (CI, pipes). */
  readonly interactive: boolean;
  readonly verbose: boolean;
  /** A progress display for `total` steps: a live bar on a TTY, nothing otherwise. */
  progress(label: string, total: number): Progress;
}

/** A live progress line. `done()` clears it. */
export interface Progress {
  update(done: number, detail: string): void;
  done(): void;
}

/** Fewer entities than this are not worth a progress bar. */
const PROGRESS_THRESHOLD = 10;
const BAR_WIDTH = 24;

/**
 * The CLI's logger. `FORCE_TTY=1` forces the interactive display (for tests and recordings).
 * Plain output (CI, pipes) loads consola's basic build, a quarter of the full one's start-up cost;
 * the fancy reporter and colours load only on a terminal.
 */
export async function createCliLogger(options: {
  verbose: boolean;
  stream?: NodeJS.WriteStream;
}): Promise<CliLogger> {
  const stream = redacting(options.stream ?? process.stderr);
  const interactive =
    process.env.FORCE_TTY === "1" || (stream.isTTY === true && process.env.CI === undefined);
  const { createConsola, LogLevels } = interactive ? await import("consola") : await import("consola/basic");
  const { colors } = interactive ? await import("consola/utils") : { colors: undefined };
  const console = createConsola({
    level: options.verbose ? LogLevels.debug : LogLevels.info,
    fancy: interactive,
    stdout: stream,
    stderr: stream,
    throttle: 0,
    formatOptions: { colors: interactive, date: false, compact: true },
  });
  return {
    console,
    interactive,
    verbose: options.verbose,
    progress(label, total) {
      if (colors === undefined || total < PROGRESS_THRESHOLD) return { update() {}, done() {} };
      const paint = colors;
      let last = 0;
      const draw = (done: number, detail: string) => {
        const filled = Math.round((done / total) * BAR_WIDTH);
        const bar = paint.cyan("█".repeat(filled)) + paint.dim("░".repeat(BAR_WIDTH - filled));
        const room = Math.max(0, (stream.columns ?? 80) - label.length - BAR_WIDTH - 16);
        const shown = detail.length > room ? `${detail.slice(0, Math.max(0, room - 1))}…` : detail;
        stream.write(`\r\x1b[2K${label} ${bar} ${done}/${total} ${paint.dim(shown)}`);
      };
      return {
        update(done, detail) {
          const now = performance.now();
          // Redraw at most every 50 ms, and always at the end.
          if (done === total || now - last > 50) {
            last = now;
            draw(done, detail);
          }
        },
        done() {
          stream.write("\r\x1b[2K");
        },
      };
    },
  };
}

/** `stream` with every text written to it passed through {@link redactSecrets} first. */
function redacting(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(stream, {
    get(target, property) {
      if (property === "write") {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...args: unknown[]) => boolean)(
            typeof chunk === "string" ? redactSecrets(chunk) : chunk,
            ...rest,
          );
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
