import { create } from "@bufbuild/protobuf";
import { FlyteValidationError } from "../errors/flyte-error.js";
import {
  type Container,
  K8sObjectMetadataSchema,
  type K8sPod,
  K8sPodSchema,
  Resources_ResourceName,
} from "../gen/flyteidl/core/tasks_pb.js";
import { resolveImage } from "../images/resolve-image.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { sortedRecord } from "../wire/sorted-record.js";
import { cloneJson, type JsonObject, type JsonValue, toSortedJson } from "../wire/struct.js";
import type { PodTemplate } from "./pod-template.js";

/** `cpu`, `gpu`, `memory`, `ephemeral-storage`: the proto enum name, lower-cased, `_` -> `-` (as flytekit). */
function podResourceName(name: Resources_ResourceName): string {
  return Resources_ResourceName[name].toLowerCase().replaceAll("_", "-");
}

/**
 * The pod spec of a task with a pod template, as flytekit's `_serialize_pod_spec`: every container's
 * image resolved; the primary container (added when missing) gets the task's image unless it names
 * its own, the task's command and args, the task's resources when it has any, and the task's
 * environment before its own.
 */
export function serializePodSpec(
  podTemplate: PodTemplate,
  primary: Container,
  settings: SerializationSettings,
  taskName: string,
): JsonObject {
  const spec = cloneJson(podTemplate.podSpec);
  const containers = spec.containers ?? [];
  if (!Array.isArray(containers)) {
    throw new FlyteValidationError(`Task ${taskName}: podTemplate.podSpec.containers must be an array`);
  }
  const list = containers as JsonObject[];
  if (!list.some((container) => container.name === podTemplate.primaryContainerName)) {
    list.push({ name: podTemplate.primaryContainerName });
  }
  spec.containers = list.map((container) => {
    const out: JsonObject = { ...container };
    if (typeof out.image === "string" && out.image !== "")
      out.image = resolveImage(out.image, settings.imageConfig);
    if (out.name !== podTemplate.primaryContainerName) return out;
    if (out.image === undefined || out.image === null || out.image === "") out.image = primary.image;
    out.command = [...primary.command];
    out.args = [...primary.args];
    const requests = Object.fromEntries(
      (primary.resources?.requests ?? []).map((entry) => [podResourceName(entry.name), entry.value]),
    );
    const limits = Object.fromEntries(
      (primary.resources?.limits ?? []).map((entry) => [podResourceName(entry.name), entry.value]),
    );
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0)
      out.resources = { limits, requests };
    const ownEnv = Array.isArray(out.env) ? (out.env as JsonValue[]) : [];
    out.env = [...primary.env.map((pair) => ({ name: pair.key, value: pair.value })), ...ownEnv];
    return out;
  });
  return spec;
}

/** The `K8sPod` target of a task with a pod template. */
export function toK8sPod(
  podTemplate: PodTemplate,
  primary: Container,
  settings: SerializationSettings,
  taskName: string,
): K8sPod {
  return create(K8sPodSchema, {
    metadata: create(K8sObjectMetadataSchema, {
      labels: sortedRecord(podTemplate.labels),
      annotations: sortedRecord(podTemplate.annotations),
    }),
    podSpec: toSortedJson(serializePodSpec(podTemplate, primary, settings, taskName)),
  });
}
