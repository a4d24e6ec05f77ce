/** The version of `@flytekit-ts/core`, written into every task's `RuntimeMetadata`. A test keeps it equal to package.json. */
export const VERSION = "0.1.0";
