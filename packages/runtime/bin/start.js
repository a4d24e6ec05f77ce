// How the package's commands start (each bin is a checked-in launcher, so npm links it before the
// package is built): older Node.js would fail inside the bundle with an unrelated error, so the
// version is checked first; Node's compile cache (NODE_COMPILE_CACHE, else a folder in the
// system's temporary directory) spares each start the compilation of the bundle.
import * as nodeModule from "node:module";

/** Checks the Node.js version, enables the compile cache, then runs the command's bundle. */
export async function start(bundle) {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 22 || (major === 22 && minor < 12)) {
    process.stderr.write(`flytekit-ts needs Node.js >= 22.12; this is ${process.version}\n`);
    process.exit(1);
  }
  nodeModule.enableCompileCache?.();
  await import(bundle);
}
