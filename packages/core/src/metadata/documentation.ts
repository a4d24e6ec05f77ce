import { create } from "@bufbuild/protobuf";
import {
  type DescriptionEntity,
  DescriptionEntitySchema,
  DescriptionFormat,
  DescriptionSchema,
} from "../gen/flyteidl/admin/description_entity_pb.js";

export { DescriptionFormat };

/** The long description of a task: inline text or a link, with its format. */
export interface LongDescription {
  /** The text. */
  value?: string;
  /** A link to the text, instead of `value`. */
  uri?: string;
  /** How the text is written. @default DescriptionFormat.RST (flytekit's default) */
  format?: DescriptionFormat;
  /** An icon shown beside it. */
  iconLink?: string;
}

/** A task's documentation, registered as its `DescriptionEntity`. */
export class Documentation {
  readonly shortDescription: string | undefined;
  readonly longDescription: Readonly<LongDescription> | undefined;

  constructor(init: { shortDescription?: string; longDescription?: LongDescription } = {}) {
    this.shortDescription = init.shortDescription;
    this.longDescription = init.longDescription === undefined ? undefined : { ...init.longDescription };
    Object.freeze(this);
  }

  /** The `flyteidl.admin.DescriptionEntity` message. */
  toModel(): DescriptionEntity {
    const long = this.longDescription;
    return create(DescriptionEntitySchema, {
      shortDescription: this.shortDescription ?? "",
      ...(long === undefined
        ? {}
        : {
            longDescription: create(DescriptionSchema, {
              content:
                long.value !== undefined
                  ? { case: "value", value: long.value }
                  : long.uri !== undefined
                    ? { case: "uri", value: long.uri }
                    : { case: undefined },
              format: long.format ?? DescriptionFormat.RST,
              iconLink: long.iconLink ?? "",
            }),
          }),
    });
  }
}
