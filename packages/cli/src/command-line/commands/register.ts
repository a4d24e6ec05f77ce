import { UsageError } from "@flytekit-ts/runtime/internal";
import { Command, Option } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { COPY_CHOICES } from "../../fast/bundle-files.js";
import { DEFAULT_FAST_DESTINATION, serializeProject } from "../../packaging/serialize-project.js";
import type { CliLogger } from "../logger.js";
import type { ProjectFlags } from "../project-location.js";
import { projectOptions, withSerializationFlags } from "../project-options.js";

/** The flags of commands that talk to FlyteAdmin. */
export interface RemoteFlags {
  config?: string;
  project?: string;
  domain?: string;
}

interface RegisterFlags extends ProjectFlags, RemoteFlags {
  version?: string;
  copy?: (typeof COPY_CHOICES)[number];
  nonFast?: boolean;
  destinationDir?: string;
}

/** Adds `--config`, `-p/--project` and `-d/--domain` (pyflyte register's). */
export function withRemoteFlags(command: Command): Command {
  return command
    .option(
      "--config <file>",
      "flytectl's config.yaml (default: FLYTECTL_CONFIG, ./config.yaml, ~/.flyte/config.yaml)",
    )
    .option("-p, --project <project>", "the Flyte project (default: the config's project, else flytesnacks)")
    .option("-d, --domain <domain>", "the Flyte domain (default: the config's domain, else development)");
}

/** Registers the project: the serialization, the bundle (fast), FlyteAdmin's answers. */
export async function registerProjectWith(flags: RegisterFlags, log: CliLogger, select?: readonly string[]) {
  const { loadRemoteConfig } = await import("../../remote/remote-config.js");
  const { connectAdmin } = await import("../../remote/admin-client.js");
  const { registerEntities } = await import("../../remote/register-project.js");
  const remoteConfig = loadRemoteConfig(flags.config);
  const project = flags.project ?? remoteConfig.project ?? "flytesnacks";
  const domain = flags.domain ?? remoteConfig.domain ?? "development";
  if (flags.nonFast === true && flags.copy !== undefined && flags.copy !== "none")
    throw new UsageError(`--non-fast registers without a bundle; it cannot go with --copy ${flags.copy}`);
  const fast = flags.nonFast === true || flags.copy === "none" ? undefined : { copy: flags.copy ?? "auto" };
  const destinationDir = flags.destinationDir ?? DEFAULT_FAST_DESTINATION;
  const loaded = await loadConfig();
  const options = projectOptions(flags, loaded);
  const serialized = await serializeProject({
    ...options,
    ...(select === undefined ? {} : { modules: select }),
    ...(fast === undefined ? {} : { fast: { ...fast, destinationDir } }),
  });
  const remote = connectAdmin(remoteConfig, { say: (line) => log.console.info(line) });
  const registration = await registerEntities(remote, serialized.files, {
    project,
    domain,
    ...(flags.version === undefined ? {} : { version: flags.version }),
    ...(serialized.bundle === undefined ? {} : { bundle: serialized.bundle }),
    destinationDir,
  });
  return { remote, registration, project, domain, serialized };
}

/** `tsflyte register`: pyflyte register's counterpart. */
export function registerCommand(logger: () => Promise<CliLogger>): Command {
  return withRemoteFlags(
    withSerializationFlags(
      new Command("register")
        .summary("register the project's tasks, workflows and launch plans with FlyteAdmin")
        .description(
          "Serializes the project and registers it with the FlyteAdmin of flytectl's config.yaml (pyflyte register's\ncounterpart). Fast registration by default: the code goes up as a bundle through the data proxy and the\ntasks fetch it when they start, so a code change needs no image build. The version is a hash of what is\nregistered unless --version. Prints a table of what was registered.",
        ),
    ),
  )
    .option(
      "--version <version>",
      "the version of every entity (default: a hash of the entities and the code)",
    )
    .addOption(
      new Option(
        "--copy <files>",
        "what the code bundle holds: auto (the compiled output, the manifest, package.json), all (every file the ignore files leave); none registers without a bundle (the image holds the code) (default: auto)",
      ).choices(COPY_CHOICES),
    )
    .option(
      "--non-fast",
      "register without a code bundle: the tasks run the code in their image (as --copy none)",
    )
    .option(
      "--destination-dir <dir>",
      `where task containers unpack the code: the image's working directory (default: ${DEFAULT_FAST_DESTINATION})`,
    )
    .action(async (flags: RegisterFlags) => {
      const log = await logger();
      const { registrationTable } = await import("../../remote/register-project.js");
      const { registration, project, domain } = await registerProjectWith(flags, log);
      process.stdout.write(`${registrationTable(registration)}\n`);
      const fresh = registration.entities.filter((entity) => entity.status === "registered").length;
      log.console.success(
        `Registered ${registration.entities.length} flyte objects in ${project}/${domain}, version ${registration.version}` +
          (fresh < registration.entities.length
            ? ` (${registration.entities.length - fresh} already registered)`
            : "") +
          (registration.bundleLocation === undefined ? "" : `; code at ${registration.bundleLocation}`),
      );
    });
}
