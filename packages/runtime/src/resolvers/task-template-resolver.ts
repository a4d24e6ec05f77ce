import {
  ExecutableTemplateShimTask,
  FlyteValidationError,
  type ShimTaskExecutorClass,
  TaskTemplateResolver,
} from "@flytekit-ts/core";
import { fromBinary, TaskTemplateSchema } from "@flytekit-ts/core/idl";
import { fileAccessFor } from "../files/file-access-for.js";
import { importExport } from "./import-export.js";

/**
 * The task template resolver with its load side: loader args `<template path> <executor location>`;
 * reads the `TaskTemplate` and returns a shim task with a new executor.
 */
export class RuntimeTaskTemplateResolver extends TaskTemplateResolver {
  async loadTask(loaderArgs: readonly string[]): Promise<ExecutableTemplateShimTask> {
    const [templatePath, executorLocation] = loaderArgs;
    if (templatePath === undefined || executorLocation === undefined) {
      throw new FlyteValidationError(
        `the task template resolver needs "<template path> <executor location>", got ${JSON.stringify(loaderArgs)}`,
      );
    }
    const template = fromBinary(TaskTemplateSchema, await fileAccessFor(templatePath).read(templatePath));
    const executor = await importExport(executorLocation);
    if (typeof executor !== "function")
      throw new FlyteValidationError(`executor ${executorLocation} is not a class`);
    return new ExecutableTemplateShimTask(template, executor as ShimTaskExecutorClass);
  }
}

export const defaultTaskTemplateResolver: RuntimeTaskTemplateResolver = new RuntimeTaskTemplateResolver();
