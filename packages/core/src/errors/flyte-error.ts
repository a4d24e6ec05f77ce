/**
 * What went wrong, as a stable string users can branch on.
 *
 * - `VALIDATION`: an option or argument is invalid (flytekit raises `ValueError`/`AssertionError`).
 * - `IMAGE`: an image reference or image placeholder cannot be resolved.
 * - `TYPE_MISMATCH`: a value does not fit the declared Flyte type.
 * - `UNSUPPORTED_TYPE`: a type descriptor has no Flyte mapping.
 * - `MISSING_BUILD_STEP`: transformer data (names, types, module) is missing and nothing explicit replaces it.
 * - `NOT_IMPLEMENTED`: a plugin author must override a method (e.g. `getCustom` of a customized container task).
 * - `NOT_FOUND`: a task, module, key or file cannot be found.
 * - `MISSING_DEPENDENCY`: an optional package the operation needs is not installed (e.g. the S3 client for `s3://`).
 * - `USAGE`: a command line is wrong (an unknown option, a missing argument); the CLIs exit with 2.
 * - `IGNORE_OUTPUTS`: not a failure: a task asked to end without writing outputs ({@link IgnoreOutputs}).
 * - `UNKNOWN`: an error that did not come from flytekit-ts, wrapped by {@link asFlyteError}.
 * - `USER`: user code failed while running a task.
 * - `SYSTEM`: the platform failed (conversion, I/O) while running a task.
 */
export type FlyteErrorCode =
  | "VALIDATION"
  | "IMAGE"
  | "TYPE_MISMATCH"
  | "UNSUPPORTED_TYPE"
  | "MISSING_BUILD_STEP"
  | "NOT_IMPLEMENTED"
  | "NOT_FOUND"
  | "MISSING_DEPENDENCY"
  | "USAGE"
  | "IGNORE_OUTPUTS"
  | "UNKNOWN"
  | "USER"
  | "SYSTEM";

/** Marks every FlyteError, so the guard works across duplicate copies of this package. */
const FLYTE_ERROR_MARK = Symbol.for("@flytekit-ts/core.FlyteError");

export interface FlyteErrorOptions {
  /** The error that caused this one, kept as `cause`. */
  cause?: unknown;
}

/**
 * The base of every error flytekit-ts throws. Catch it with {@link isFlyteError} (or `instanceof`,
 * which also works across copies of the package) and branch on {@link FlyteError.code}.
 */
export class FlyteError extends Error {
  readonly code: FlyteErrorCode;

  constructor(code: FlyteErrorCode, message: string, options: FlyteErrorOptions = {}) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, FLYTE_ERROR_MARK, { value: new.target.name });
  }
}

/**
 * `instanceof` that also recognises errors created by another copy of this package: the right-hand
 * class (`this`, a subclass too) matches errors whose prototype chain has a class of its name.
 */
Object.defineProperty(FlyteError, Symbol.hasInstance, {
  value: function hasInstance(this: abstract new (...args: never[]) => unknown, value: unknown): boolean {
    if (typeof value !== "object" || value === null || !(FLYTE_ERROR_MARK in value)) return false;
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (proto === this.prototype || proto.constructor?.name === this.name) return true;
    }
    return false;
  },
});

/** True when `value` is a {@link FlyteError} (of any copy of this package), optionally with `code`. */
export function isFlyteError(value: unknown, code?: FlyteErrorCode): value is FlyteError {
  if (!(value instanceof FlyteError)) return false;
  return code === undefined || value.code === code;
}

/** An option or argument is invalid. flytekit raises `ValueError` or `AssertionError` here. */
export class FlyteValidationError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("VALIDATION", message, options);
  }
}

/** An image reference or an image placeholder (`{{.image.<name>.fqn}}`) cannot be resolved. */
export class FlyteImageError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("IMAGE", message, options);
  }
}

/** A value does not fit the declared Flyte type. */
export class FlyteTypeError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("TYPE_MISMATCH", message, options);
  }
}

/** A type descriptor has no Flyte mapping. */
export class FlyteUnsupportedTypeError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("UNSUPPORTED_TYPE", message, options);
  }
}

/** Build-time data is missing: the compiler transformer did not run and nothing explicit replaces it. */
export class FlyteMissingBuildStepError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("MISSING_BUILD_STEP", message, options);
  }
}

/** A plugin author must override a method. */
export class FlyteNotImplementedError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("NOT_IMPLEMENTED", message, options);
  }
}

/** A task, module, key or file cannot be found. */
export class FlyteNotFoundError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("NOT_FOUND", message, options);
  }
}

/** An optional package the operation needs is not installed; the message names it. */
export class FlyteMissingDependencyError extends FlyteError {
  constructor(
    /** The npm package to add. */
    readonly packageName: string,
    message: string,
    options?: FlyteErrorOptions,
  ) {
    super("MISSING_DEPENDENCY", message, options);
  }
}

/**
 * Fetching a file or folder from its object store failed: a platform failure (flytekit's
 * `FlyteDownloadDataException`); the attempt may be retried.
 */
export class FlyteDownloadError extends FlyteError {
  constructor(
    /** The object-store URI that could not be read. */
    readonly remoteSource: string,
    message: string,
    options?: FlyteErrorOptions,
  ) {
    super("SYSTEM", message, options);
  }
}

/**
 * Throw from a task to fail the attempt as recoverable: Flyte retries it (within the task's
 * `retries`). Any other error a task throws fails it for good.
 */
export class FlyteRecoverableError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("USER", message, options);
  }
}

/**
 * Throw from a task to end it without writing outputs (for distributed tasks where one worker
 * writes them). flytekit's `IgnoreOutputs`.
 */
export class IgnoreOutputs extends FlyteError {
  constructor(message = "outputs are ignored") {
    super("IGNORE_OUTPUTS", message);
  }
}

/**
 * Any thrown value as a {@link FlyteError}, to branch on its `code`: a FlyteError as it is, anything
 * else wrapped with code `UNKNOWN` (the original kept as `cause`, its message as the message).
 */
export function asFlyteError(value: unknown): FlyteError {
  if (isFlyteError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new FlyteError("UNKNOWN", message, { cause: value });
}
