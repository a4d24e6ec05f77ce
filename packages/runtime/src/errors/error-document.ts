import type { ExecutionFailure } from "@flytekit-ts/core";
import { FlyteRecoverableError } from "@flytekit-ts/core";
import {
  ContainerError_Kind,
  ContainerErrorSchema,
  create,
  type ErrorDocument,
  ErrorDocumentSchema,
  ExecutionError_ErrorKind,
  timestampFromMs,
} from "@flytekit-ts/core/idl";

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

/** The most characters of a trace or a message kept in an error document (each appears once). */
export const MAX_ERROR_TEXT = 64 * 1024;

/** `text` cut to {@link MAX_ERROR_TEXT} characters, saying how much was left out. */
function bounded(text: string): string {
  if (text.length <= MAX_ERROR_TEXT) return text;
  return `${text.slice(0, MAX_ERROR_TEXT)}... (${text.length - MAX_ERROR_TEXT} more characters)`;
}

/** The error's code: its own `errorCode` string, `USER:Recoverable`, `USER:RuntimeError`, or `SYSTEM`. */
function codeOf(failure: ExecutionFailure): string {
  if (failure.kind !== "user") return "SYSTEM";
  const cause = failure.cause as { errorCode?: unknown };
  if (typeof cause?.errorCode === "string") return cause.errorCode;
  if (typeof cause?.errorCode === "number") return String(cause.errorCode);
  return failure.cause instanceof FlyteRecoverableError ? "USER:Recoverable" : "USER:RuntimeError";
}

/**
 * The `ErrorDocument` propeller reads for a failed execution: code, message (`Trace:` with the
 * stack, then `Message:` with `<ErrorType>: <message>`), kind, origin, timestamp and worker.
 * `redact` removes secret values from the message.
 */
export function errorDocument(
  failure: ExecutionFailure,
  options: { worker: string; now?: number; redact?: (text: string) => string },
): ErrorDocument {
  const error = failure.cause instanceof Error ? failure.cause : new Error(String(failure.cause));
  const name = error.name || error.constructor?.name || "Error";
  const stack = error.stack ?? `${name}: ${error.message}`;
  const redact = options.redact ?? ((text: string) => text);
  // Redacted before indenting: indentation splits a multi-line secret into lines no longer equal to it.
  const message = redact(
    `Trace:\n\n${indent(bounded(redact(stack)))}\nMessage:\n\n${indent(bounded(redact(`${name}: ${error.message}`)))}`,
  );
  const recoverable =
    failure.kind === "system" || (failure.kind === "user" && failure.cause instanceof FlyteRecoverableError);
  return create(ErrorDocumentSchema, {
    error: create(ContainerErrorSchema, {
      code: codeOf(failure),
      message,
      kind: recoverable ? ContainerError_Kind.RECOVERABLE : ContainerError_Kind.NON_RECOVERABLE,
      origin: failure.kind === "user" ? ExecutionError_ErrorKind.USER : ExecutionError_ErrorKind.SYSTEM,
      timestamp: timestampFromMs(options.now ?? Date.now()),
      worker: options.worker,
    }),
  });
}
