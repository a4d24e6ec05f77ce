import type { TypeScriptChoice } from "./options.js";
import { dockerfile, dockerignore, gitignore } from "./templates/image.js";
import { packageJson } from "./templates/package-json.js";
import { readme } from "./templates/readme.js";
import { helloModule, helloTest, vitestConfig } from "./templates/sources.js";
import { tsconfig } from "./templates/tsconfig.js";

/** Everything a new project holds, by path relative to its folder. */
export function projectFiles(
  name: string,
  typescript: TypeScriptChoice,
  image: string,
  sdkVersion: string,
): ReadonlyMap<string, string> {
  return new Map([
    [".dockerignore", dockerignore],
    [".gitignore", gitignore],
    ["Dockerfile", dockerfile],
    ["README.md", readme(name, typescript, image)],
    ["package.json", packageJson({ name, typescript, image, sdkVersion })],
    ["src/hello.ts", helloModule],
    ["test/hello.test.ts", helloTest],
    ["tsconfig.json", tsconfig(typescript)],
    ["vitest.config.ts", vitestConfig],
  ]);
}
