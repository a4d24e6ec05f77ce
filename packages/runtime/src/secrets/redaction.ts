/**
 * Every secret value this process has seen, and their removal from text that leaves it (error
 * documents, stderr, the CLI's output, container logs). A value is removed in each form it can
 * take in text: as it is, trimmed, JSON-escaped (an error message that quotes it), and line by line
 * (a PEM key printed or indented one line at a time).
 */

const REDACTED = "***";
/** Shorter values (and lines of multi-line values) are not removed: they would blot out ordinary text. */
const MIN_VALUE_LENGTH = 3;
const MIN_LINE_LENGTH = 6;

const forms = new Set<string>();
let ordered: string[] | undefined;

/** The forms of `value` worth removing. */
function formsOf(value: string): string[] {
  const out = new Set<string>();
  const add = (form: string, min: number) => {
    if (form.length >= min) out.add(form);
  };
  for (const text of [value, value.trim()]) {
    add(text, MIN_VALUE_LENGTH);
    add(JSON.stringify(text).slice(1, -1), MIN_VALUE_LENGTH);
  }
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    add(trimmed, MIN_LINE_LENGTH);
    add(JSON.stringify(trimmed).slice(1, -1), MIN_LINE_LENGTH);
  }
  return [...out];
}

/** Remembers `value` as a secret: from now on {@link redactSecrets} removes it. */
export function rememberSecret(value: string): void {
  for (const form of formsOf(value)) {
    if (!forms.has(form)) {
      forms.add(form);
      ordered = undefined;
    }
  }
}

/** `text` with every form of every remembered secret replaced by `***`. */
export function redactSecrets(text: string): string {
  if (forms.size === 0) return text;
  // Longest first: a whole value goes before the lines it is made of.
  ordered ??= [...forms].sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** Remembers the values of the environment's secret variables (names starting with `prefix`). */
export function rememberSecretsOf(env: NodeJS.ProcessEnv, prefix: string): void {
  for (const [name, value] of Object.entries(env))
    if (name.startsWith(prefix) && value) rememberSecret(value);
}
