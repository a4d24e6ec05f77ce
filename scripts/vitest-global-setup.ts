// Builds the fixture projects several test files share, once, before any test file runs: test
// files run in parallel workers and must not compile the same project at the same time.
import { buildCliProject } from "../packages/cli/test/support/cli.js";
import { buildFixtureProject } from "../packages/runtime/test/support/entrypoint.js";

export default function setup(): void {
  buildFixtureProject();
  buildCliProject();
}
