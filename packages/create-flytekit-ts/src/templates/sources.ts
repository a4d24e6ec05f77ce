/** src/hello.ts: two tasks and a workflow, documented as the Flyte console shows them. */
export const helloModule = `import { Int, task, workflow } from "@flytekit-ts/core";

/**
 * Greets someone.
 * @param name whom to greet
 */
export const greet = task((name: string): string => \`Hello, \${name}!\`);

/**
 * Counts the letters of a text.
 * @param text what to count
 */
export const letters = task((text: string): Int => Int([...text].filter((c) => /\\p{L}/u.test(c)).length));

/**
 * Greets someone, then counts the letters of the greeting: two tasks, one workflow.
 * @param name whom to greet
 */
export const greetingLetters = workflow((name: string) => letters(greet(name)));
`;

/** test/hello.test.ts: tasks and workflows are called like functions; Vitest's plugin gives them their types. */
export const helloTest = `import { expect, test } from "vitest";
import { greet, greetingLetters, letters } from "../src/hello.js";

test("greet greets", async () => {
  expect(await greet("Ada")).toBe("Hello, Ada!");
});

test("letters counts letters only", async () => {
  expect(await letters("Hello, Ada!")).toBe(8);
});

test("the workflow runs both tasks", async () => {
  expect(await greetingLetters("Grace")).toBe(10);
});
`;

/** vitest.config.ts: the transformer's plugin, so tests see the names and types the build sees. */
export const vitestConfig = `import { flyteTasks } from "@flytekit-ts/transformer/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({ plugins: [flyteTasks()] });
`;
