const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * A Kubernetes quantity as a number: `512Mi` → 536870912, `500m` → 0.5, `1e3` → 1000.
 * Returns `undefined` for text that is not a quantity.
 */
export function parseQuantity(text: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(
    text.trim(),
  );
  if (match === null) return undefined;
  const [, number = "", exponent, suffix = ""] = match;
  if (exponent !== undefined) return Number(number + exponent);
  return Number(number) * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}
