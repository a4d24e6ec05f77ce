/**
 * The task image's Dockerfile: Node.js 24, the production dependencies only (`@flytekit-ts/core`
 * and `@flytekit-ts/runtime`: no Docker, SSH or gRPC clients, no install scripts), the compiled
 * project and its task manifest. `tsflyte-execute` is on the PATH, as Flyte's task pods expect.
 */
export const dockerfile = `FROM node:24-slim
WORKDIR /root
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY dist ./dist
COPY flyte.manifest.json ./
ENV PATH=/root/node_modules/.bin:$PATH
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
