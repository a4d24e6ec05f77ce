/**
 * JSDoc descriptions of a task or workflow, from the text of the comments before it: what every front
 * (the TypeScript 6 analyzer, the syntactic front) reads the same way.
 */
import type { ParameterDescriptor, ReturnDescriptor, SignatureDescriptor } from "@flytekit-ts/core/manifest";

/** Descriptions from JSDoc: `@param name description` and `@returns description`. */
export interface DocComments {
  readonly params: ReadonlyMap<string, string>;
  readonly returns: string | undefined;
  /** The first line of the text before the tags (flytekit's docstring `short_description`). */
  readonly summary: string | undefined;
  /** The rest of that text, trimmed (its `long_description`). */
  readonly details: string | undefined;
}

/**
 * The summary and details of a comment's text before its tags, split as flytekit's docstring
 * parser splits a docstring: the first line, then everything after it, trimmed.
 */
function descriptionOf(text: string): { summary: string | undefined; details: string | undefined } {
  const trimmed = text.replace(/^\s*\n/, "").replace(/\s+$/, "");
  const newline = trimmed.indexOf("\n");
  const summary = (newline < 0 ? trimmed : trimmed.slice(0, newline)).trim();
  const details = newline < 0 ? "" : trimmed.slice(newline + 1).trim();
  return { summary: summary || undefined, details: details || undefined };
}

/** A signature of `params` and `returns`, described by `docs` as the manifest records it. */
export function describedSignature(
  params: readonly ParameterDescriptor[],
  returns: ReturnDescriptor,
  docs: DocComments,
): SignatureDescriptor {
  return {
    params: [...params],
    returns,
    ...(docs.returns === undefined ? {} : { returnsDescription: docs.returns }),
    ...(docs.summary === undefined ? {} : { shortDescription: docs.summary }),
    ...(docs.details === undefined ? {} : { longDescription: docs.details }),
  };
}

/**
 * The descriptions in `comments` (each a whole comment, `/** ... *\/`; others are skipped), the
 * earlier comment's summary winning, a later `@param` or `@returns` overriding.
 */
export function docCommentsOf(comments: readonly string[]): DocComments {
  const params = new Map<string, string>();
  let returns: string | undefined;
  let summary: string | undefined;
  let details: string | undefined;
  for (const comment of comments) {
    if (!comment.startsWith("/**")) continue;
    const body = comment
      .slice(3, -2)
      .split("\n")
      .map((line) => line.replace(/^\s*\*\s?/, ""))
      .join("\n");
    const described = descriptionOf(body.split(/(?:^|\n)\s*@\w/)[0] ?? "");
    summary ??= described.summary;
    details ??= described.details;
    // Each tag runs until the next tag or the end.
    for (const [, tag = "", rest = ""] of body.matchAll(/@(\w+)([^@]*)/g)) {
      if (tag === "param") {
        const match = /^\s*(?:\{[^}]*\}\s*)?\[?([A-Za-z_$][\w$]*)[^\s\]]*\]?\s*(?:-\s*)?([\s\S]*)$/.exec(
          rest,
        );
        const description = match?.[2]?.replace(/\s+/g, " ").trim();
        if (match?.[1] !== undefined && description) params.set(match[1], description);
      } else if (tag === "returns" || tag === "return") {
        const description = rest
          .replace(/^\s*\{[^}]*\}/, "")
          .replace(/\s+/g, " ")
          .trim();
        if (description) returns = description;
      }
    }
  }
  return { params, returns, summary, details };
}
