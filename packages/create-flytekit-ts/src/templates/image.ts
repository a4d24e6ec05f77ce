/**
 * The task image's Dockerfile: Node.js 24, the production dependencies only (`@flytekit-ts/core`
 * and `@flytekit-ts/runtime`: no Docker, SSH or gRPC clients, no install scripts), the entrypoints'
 * startup snapshot (before the project's files, so a code change does not rebuild it), the compiled
 * project and its task manifest. `tsflyte-execute` is on the PATH, as Flyte's task pods expect,
 * started from the snapshot.
 */
export const dockerfile = `FROM node:24-slim
WORKDIR /root
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# tsflyte-execute restored from a V8 startup snapshot of this image's Node.js: tasks start faster.
RUN node_modules/.bin/tsflyte-snapshot /opt/flytekit-ts
COPY dist ./dist
COPY flyte.manifest.json ./
ENV PATH=/opt/flytekit-ts/bin:/root/node_modules/.bin:$PATH
`;

/** What the image build leaves out. */
export const dockerignore = `node_modules
*.tgz
test
`;

/** What git leaves out. */
export const gitignore = `node_modules/
dist/
flyte.manifest.json
*.tgz
`;
