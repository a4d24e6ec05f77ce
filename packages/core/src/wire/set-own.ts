/**
 * Sets `key` on `target` as an own, enumerable property, also when it is `__proto__`: plain
 * assignment of that key would replace the object's prototype, and keys come from untrusted input.
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
