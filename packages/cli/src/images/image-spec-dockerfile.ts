import type { ImageSpec } from "@flytekit-ts/core";

/** Where an ImageSpec's copied sources land, and the image's working directory (as flytekit's `/root`). */
export const IMAGE_WORKDIR = "/root";

/** Where `entrypointSnapshot` puts the entrypoints' startup snapshot and launchers. */
export const SNAPSHOT_DIR = "/opt/flytekit-ts";

const quote = (value: string) => JSON.stringify(value);

/**
 * The Dockerfile of an {@link ImageSpec}: the base image, environment, apt packages (one layer,
 * lists cleaned), global npm packages, the copied sources under `/root`, the commands in order, the
 * entrypoints' startup snapshot when asked for, and the entrypoint. The same spec gives the same text, so the build is reproducible up to what the
 * package managers fetch.
 */
export function imageSpecDockerfile(spec: ImageSpec): string {
  const lines = [`FROM ${spec.baseImage}`];
  const env = Object.entries(spec.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (env.length > 0) lines.push(`ENV ${env.map(([name, value]) => `${name}=${quote(value)}`).join(" ")}`);
  if (spec.aptPackages.length > 0) {
    lines.push(
      `RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${spec.aptPackages.join(" ")} && rm -rf /var/lib/apt/lists/*`,
    );
  }
  if (spec.packages.length > 0)
    lines.push(`RUN npm install --global --no-audit --no-fund ${spec.packages.join(" ")}`);
  lines.push(`WORKDIR ${IMAGE_WORKDIR}`);
  for (const source of spec.copy) lines.push(`COPY ${quote(source)} ${quote(`${IMAGE_WORKDIR}/${source}`)}`);
  for (const command of spec.commands) lines.push(`RUN ${command}`);
  if (spec.entrypointSnapshot) {
    lines.push(`RUN PATH=${IMAGE_WORKDIR}/node_modules/.bin:$PATH tsflyte-snapshot ${SNAPSHOT_DIR}`);
    lines.push(`ENV PATH=${SNAPSHOT_DIR}/bin:$PATH`);
  }
  if (spec.entrypoint !== undefined) lines.push(`ENTRYPOINT ${JSON.stringify(spec.entrypoint)}`);
  return `${lines.join("\n")}\n`;
}
