import { Command, Option } from "commander";

interface InitFlags {
  typescript: "7" | "6";
  name?: string;
  image?: string;
}

/** `tsflyte init [folder]`: a new project, as `npm create flytekit-ts` writes it (pyflyte init's counterpart). */
export function initCommand(): Command {
  return new Command("init")
    .summary("create a new project: tasks, a workflow, tests, a task image, the Flyte configuration")
    .description(
      "Writes a new flytekit-ts project into <folder> (new or empty), as `npm create flytekit-ts` does:\ntwo tasks and a workflow in src/hello.ts, their tests, a Dockerfile for the task image, and the Flyte configuration in package.json.",
    )
    .argument("[folder]", "the project's folder", "flyte-project")
    .addOption(
      new Option(
        "--typescript <version>",
        "7: TypeScript 7's tsc through tsflyte tsc, which writes the manifest; 6: tspc, the manifest from every build",
      )
        .choices(["7", "6"])
        .default("7"),
    )
    .option("--name <name>", "the npm package name (default: the folder's name)")
    .option(
      "--image <ref>",
      "the task image (default: localhost:30000/<name>:0.1.0, the Flyte sandbox's registry)",
    )
    .action(async (folder: string, flags: InitFlags) => {
      const { createProject, nextSteps } = await import("create-flytekit-ts");
      const project = await createProject({
        directory: folder,
        typescript: flags.typescript,
        ...(flags.name === undefined ? {} : { name: flags.name }),
        ...(flags.image === undefined ? {} : { image: flags.image }),
      });
      process.stdout.write(nextSteps(project));
    });
}
