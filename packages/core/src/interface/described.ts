import { FlyteMissingBuildStepError } from "../errors/flyte-error.js";
import { supplyBuildData } from "../tracking/build-data-supply.js";
import { BUILD_STEP_HINT } from "../tracking/tracked-instance.js";
import { type InputsInit, Interface, type OutputsInit } from "./interface.js";
import {
  interfaceFromSignature,
  type ReturnDescriptor,
  returnDescriptorOf,
  type SignatureDescriptor,
} from "./signature.js";

/** A function's native interface and how its return value maps to outputs. */
export interface Described {
  readonly nativeInterface: Interface;
  readonly returns: ReturnDescriptor;
}

/**
 * The interface of a function task or workflow: from explicit `inputs`/`outputs` if given, else
 * from the transformer's signature (asking the build-data supply for it once when it is missing).
 * @param what names it in errors: `Task math.add`, `Workflow flows.daily`.
 * @param factory the function users call (`task()`, `workflow()`), for the hint.
 * @throws FlyteMissingBuildStepError when neither is there (TypeScript erased the types).
 */
export function describeFunction(
  explicit: { readonly inputs: InputsInit | undefined; readonly outputs: OutputsInit | undefined },
  signatureOf: () => SignatureDescriptor | undefined,
  name: () => string,
  what: string,
  factory: string,
): Described {
  if (explicit.inputs !== undefined || explicit.outputs !== undefined) {
    const nativeInterface = new Interface({
      ...(explicit.inputs === undefined ? {} : { inputs: explicit.inputs }),
      ...(explicit.outputs === undefined ? {} : { outputs: explicit.outputs }),
    });
    return { nativeInterface, returns: returnDescriptorOf(nativeInterface.outputs) };
  }
  let signature = signatureOf();
  if (signature === undefined) {
    supplyBuildData();
    signature = signatureOf();
  }
  if (signature !== undefined) {
    return { nativeInterface: interfaceFromSignature(signature, name()), returns: signature.returns };
  }
  throw new FlyteMissingBuildStepError(
    `${what} has no interface: TypeScript erased its parameter and return types. To fix it, ${BUILD_STEP_HINT}; or pass \`name\`, \`inputs\` and \`outputs\` to ${factory}`,
  );
}
