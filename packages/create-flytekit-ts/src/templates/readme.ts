import type { TypeScriptChoice } from "../options.js";

/** The project's README: the first run, the tests, the image, registration. */
export function readme(name: string, typescript: TypeScriptChoice, image: string): string {
  const build =
    typescript === "7"
      ? "`npm run build` is `tsflyte tsc`: TypeScript 7's `tsc`, and meanwhile `flyte.manifest.json` (the tasks' names and types, which TypeScript erases); `tsflyte run` and `tsflyte package` refresh it themselves when a source changed."
      : "`npm run build` compiles with `tspc` (TypeScript 6 with ts-patch); the flytekit-ts transformer writes `flyte.manifest.json` (the tasks' names and types, which TypeScript erases) on every build.";
  return `# ${name}

Flyte tasks and workflows in TypeScript, with [flytekit-ts](https://github.com/flytekit-ts/flytekit-ts).

\`\`\`sh
npm install
npm start        # builds, then runs the task greet and the workflow greetingLetters locally
npm test         # the tests in test/, with Vitest
npm run package  # flyte-package.tgz: every task and workflow, for flytectl register files
\`\`\`

${build}

- \`src/hello.ts\`: two tasks and a workflow. Add tasks in any module under \`src\`, exported.
- \`npx tsflyte run src/hello.ts greet --name you\` runs one task; \`--help\` after the task lists its inputs.
- The task image: \`Dockerfile\` installs the production dependencies (\`@flytekit-ts/core\`,
  \`@flytekit-ts/runtime\`), builds the entrypoints' startup snapshot (\`tsflyte-snapshot\`: tasks
  spend about half as long starting) and copies the compiled project. Build and push it under the
  reference the tasks are registered with, \`${image}\` (\`flyte.images.default\` in package.json; \`localhost:30000\` is the
  Flyte sandbox's registry):

  \`\`\`sh
  npm run package && docker build -t ${image} . && docker push ${image}
  flytectl register files --project flytesnacks --domain development --archive flyte-package.tgz --version v1
  \`\`\`
`;
}
