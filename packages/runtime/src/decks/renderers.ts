import { createRequire } from "node:module";
import type * as Marked from "marked";

const requireLazily = createRequire(import.meta.url);

/** `text` with HTML's special characters escaped, for data put into a page. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

// marked is loaded on the first markdown(): loading it costs every task start ~10 ms.
let marked: Marked.Marked | undefined;

/** Markdown as HTML (flytekit's `MarkdownRenderer`). The markdown is the task's own: HTML in it is kept. */
export function markdown(text: string): string {
  marked ??= new (requireLazily("marked") as typeof Marked).Marked({ gfm: true, async: false });
  return marked.parse(text) as string;
}

const cell = (value: unknown): string =>
  escapeHtml(
    value === undefined || value === null
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value),
  );

/**
 * An HTML table of records (flytekit's `TableRenderer` of a data frame): a column per key, in the
 * order keys first appear; values escaped, objects as JSON.
 */
export function table(records: readonly Readonly<Record<string, unknown>>[]): string {
  const columns: string[] = [];
  for (const record of records)
    for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
  const head = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("");
  const rows = records.map(
    (record) => `<tr>${columns.map((column) => `<td>${cell(record[column])}</td>`).join("")}</tr>`,
  );
  return `<table class="deck-table"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
