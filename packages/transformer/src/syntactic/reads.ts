/** What a computation read: the files it parsed or consulted, the relative imports it resolved. */
export interface Reads {
  readonly files: Set<string>;
  /** `<importing folder>\0<specifier>` -> file. */
  readonly resolutions: Map<string, string>;
}
