import { cloneJson, type JsonObject } from "../wire/struct.js";

/** Options of {@link PodTemplate}. */
export interface PodTemplateOptions {
  /** A Kubernetes `PodSpec` in its JSON form (camelCase keys, as `kubectl` and the API use). @default { containers: [] } */
  podSpec?: JsonObject;
  /** The container the task runs in; added when the spec has no container of this name. @default "primary" */
  primaryContainerName?: string;
  /** Labels of the pod. @default {} */
  labels?: Readonly<Record<string, string>>;
  /** Annotations of the pod. @default {} */
  annotations?: Readonly<Record<string, string>>;
}

/** A custom pod for a task: sidecars, volumes, node selectors, ... around the task's own container. */
export class PodTemplate {
  readonly podSpec: JsonObject;
  readonly primaryContainerName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;

  constructor(options: PodTemplateOptions = {}) {
    this.podSpec = cloneJson(options.podSpec ?? { containers: [] });
    this.primaryContainerName = options.primaryContainerName ?? "primary";
    this.labels = { ...options.labels };
    this.annotations = { ...options.annotations };
    Object.freeze(this);
  }
}
