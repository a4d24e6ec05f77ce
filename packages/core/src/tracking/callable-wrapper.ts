/**
 * Wraps `inner` in a function that calls `call(args)`, keeping `instanceof` and every member of
 * `inner` (methods bound to it, except `keep`, which is returned as is): what `task()` and
 * `workflow()` return, so tasks and workflows can be called like functions.
 */
export function callableWrapper<T extends object, R>(
  inner: T,
  call: (args: unknown[]) => unknown,
  keep: string,
): R {
  const target = function flyteCallable(...args: unknown[]) {
    return call(args);
  };
  // Methods bound once each, not on every read.
  const bound = new WeakMap<object, unknown>();
  return new Proxy(target, {
    apply: (_target, _this, args: unknown[]) => call(args),
    get: (_target, property) => {
      const value: unknown = Reflect.get(inner, property, inner);
      if (typeof value !== "function" || property === "constructor" || property === keep) return value;
      let method = bound.get(value);
      if (method === undefined) {
        method = value.bind(inner);
        bound.set(value, method);
      }
      return method;
    },
    set: (_target, property, value) => Reflect.set(inner, property, value, inner),
    has: (_target, property) => Reflect.has(inner, property),
    getPrototypeOf: () => Object.getPrototypeOf(inner),
  }) as unknown as R;
}
