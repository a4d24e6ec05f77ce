import { FlyteValidationError } from "../errors/flyte-error.js";
import { Secret } from "../security/secret.js";
import { SecurityContext } from "../security/security-context.js";

/**
 * The security context of a task that requests secrets, or `undefined` when it requests none
 * (flytekit leaves `security_context` unset then).
 * @throws FlyteValidationError when an entry is not a {@link Secret}.
 */
export function securityContextFor(
  secretRequests: readonly Secret[] | undefined,
  taskName: string,
): SecurityContext | undefined {
  if (secretRequests === undefined || secretRequests.length === 0) return undefined;
  for (const secret of secretRequests) {
    if (!(secret instanceof Secret)) {
      throw new FlyteValidationError(
        `Task ${taskName}: secrets should be of type Secret (new Secret({ group, key })), received ${JSON.stringify(secret)}`,
      );
    }
  }
  return new SecurityContext({ secrets: secretRequests });
}
