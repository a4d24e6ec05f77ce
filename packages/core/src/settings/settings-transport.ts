import { base64Decode, base64Encode, getTextEncoding } from "@bufbuild/protobuf/wire";
import { FlyteValidationError } from "../errors/flyte-error.js";
import { Image } from "../images/image.js";
import { ImageConfig } from "../images/image-config.js";
import { SerializationSettings } from "./serialization-settings.js";

/**
 * The container variable a dynamic task reads its serialization settings from at run time
 * (flytekit's `_F_SS_C`), to serialize the tasks of the graph it builds.
 */
export const SETTINGS_VARIABLE = "_F_SS_C";

type ImageJson = { name: string; fqn: string; tag: string | null; digest: string | null };

const imageJson = (image: Image): ImageJson => ({
  name: image.name,
  fqn: image.fqn,
  tag: image.tag ?? null,
  digest: image.digest ?? null,
});

/**
 * `settings` for the container variable: base64 of JSON in flytekit's field names (`image_config`,
 * `project`, `domain`, `version`, `env`, `fast_serialization_settings`). Not gzipped as flytekit's
 * is: only `tsflyte-execute` reads it.
 */
export function settingsToTransport(settings: SerializationSettings): string {
  const { imageConfig, fastSerialization } = settings;
  const json = {
    image_config: {
      default_image: imageConfig.defaultImage === undefined ? null : imageJson(imageConfig.defaultImage),
      images: imageConfig.images.map(imageJson),
    },
    project: settings.project,
    domain: settings.domain,
    version: settings.version,
    env: Object.keys(settings.env).length === 0 ? null : settings.env,
    fast_serialization_settings:
      fastSerialization === undefined
        ? null
        : {
            destination_dir: fastSerialization.destinationDir ?? null,
            distribution_location: fastSerialization.distributionLocation ?? null,
          },
  };
  return base64Encode(getTextEncoding().encodeUtf8(JSON.stringify(json)));
}

/** The settings a dynamic task was serialized with. @throws FlyteValidationError for a value that is not one */
export function settingsFromTransport(value: string): SerializationSettings {
  let json: {
    image_config?: { default_image?: ImageJson | null; images?: ImageJson[] };
    project?: string;
    domain?: string;
    version?: string;
    env?: Record<string, string> | null;
    fast_serialization_settings?: {
      destination_dir?: string | null;
      distribution_location?: string | null;
    } | null;
  };
  try {
    json = JSON.parse(getTextEncoding().decodeUtf8(base64Decode(value)));
  } catch (error) {
    throw new FlyteValidationError(`${SETTINGS_VARIABLE} does not hold serialization settings`, {
      cause: error,
    });
  }
  const image = (init: ImageJson) =>
    new Image({
      name: init.name,
      fqn: init.fqn,
      tag: init.tag ?? undefined,
      digest: init.digest ?? undefined,
    });
  const fast = json.fast_serialization_settings;
  return new SerializationSettings({
    imageConfig: new ImageConfig({
      defaultImage: json.image_config?.default_image ? image(json.image_config.default_image) : undefined,
      images: (json.image_config?.images ?? []).map(image),
    }),
    project: json.project ?? "",
    domain: json.domain ?? "",
    version: json.version ?? "",
    env: json.env ?? {},
    ...(fast
      ? {
          fastSerialization: {
            ...(fast.destination_dir ? { destinationDir: fast.destination_dir } : {}),
            ...(fast.distribution_location ? { distributionLocation: fast.distribution_location } : {}),
          },
        }
      : {}),
  });
}
