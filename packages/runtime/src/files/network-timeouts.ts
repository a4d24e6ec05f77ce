/**
 * How long an object-store request may wait, from the environment: flytekit's clients give up on
 * a connection after 60 s and on a silent socket after 60 s (botocore's `connect_timeout` and
 * `read_timeout`), then retry. A value is in seconds; anything that is not a positive number is the
 * default.
 */
export function timeoutMs(env: NodeJS.ProcessEnv, name: string, defaultSeconds = 60): number {
  const seconds = Number(env[name]);
  return Math.round((Number.isFinite(seconds) && seconds > 0 ? seconds : defaultSeconds) * 1000);
}
