import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints `N passed, N failed` (and `, N skipped`) alone on the last line of a test run: the plain
 * closing line CI reads, whatever vitest's own summary looks like. A file that failed outside its
 * tests (an import error, a failing beforeAll/afterAll hook) counts as one failure.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      const hookErrors =
        testModule.errors().length +
        [...testModule.children.allSuites()].reduce((sum, suite) => sum + suite.errors().length, 0);
      // A module that failed outside its tests (an import, a beforeAll/afterAll hook) counts once.
      const testsFailed = [...testModule.children.allTests()].some(
        (test) => test.result().state === "failed",
      );
      if (testModule.state() === "failed" && (hookErrors > 0 || !testsFailed)) failed++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
    }
    process.stdout.write(
      `\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`,
    );
  }
}
