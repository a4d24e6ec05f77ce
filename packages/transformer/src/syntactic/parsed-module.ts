/**
 * One source file as the syntactic front sees it: parsed by oxc (a native parser: no TypeScript
 * is loaded), with its imports, its module-level type declarations and its comments at hand.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Comment, Program, Statement, TSInterfaceDeclaration, TSTypeAliasDeclaration } from "oxc-parser";
import { Decline } from "./decline.js";

/** What an imported name refers to: `name` exported by the module `from` (as written). */
export interface ImportedName {
  readonly from: string;
  readonly name: string;
}

export type TypeDeclaration = TSInterfaceDeclaration | TSTypeAliasDeclaration;

export interface ParsedModule {
  readonly fileName: string;
  readonly text: string;
  readonly program: Program;
  readonly comments: readonly Comment[];
  /** Local name -> what it imports (named and default imports; a namespace import declines). */
  readonly imports: ReadonlyMap<string, ImportedName>;
  /** Module-level interfaces and type aliases by name, exported or not. */
  readonly types: ReadonlyMap<string, TypeDeclaration>;
  /** Names exported as types (`export interface`, `export type`). */
  readonly exportedTypes: ReadonlySet<string>;
  /** Module-level names of values, enums and namespaces (a type of that name is not a global's). */
  readonly values: ReadonlySet<string>;
  /** The 1-based line of a position. */
  lineOf(position: number): number;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** A property's name when it is an identifier or a string (`a`, `"b-c"`), else `undefined`. */
export function propertyName(key: { type: string; name?: unknown; value?: unknown }): string | undefined {
  if (key.type === "Identifier" && typeof key.name === "string") return key.name;
  return key.type === "Literal" && typeof key.value === "string" ? key.value : undefined;
}

/** The declaration a statement holds, through `export`. */
function declarationOf(statement: Statement): Statement | null {
  if (statement.type === "ExportNamedDeclaration") return statement.declaration;
  return statement;
}

let parser: typeof import("oxc-parser") | undefined;
/** The parser, loaded on first use: a run whose modules all come from the cache never needs it. */
function oxc(): typeof import("oxc-parser") {
  parser ??= createRequire(import.meta.url)("oxc-parser") as typeof import("oxc-parser");
  return parser;
}

/** Parses `fileName`; declines files with syntax errors (the checker reports them). */
export function parseModule(fileName: string): ParsedModule {
  const text = readFileSync(fileName, "utf8");
  const lang = fileName.endsWith("x") ? "tsx" : "ts";
  const result = oxc().parseSync(fileName, text, { lang, sourceType: "module" });
  if (result.errors.length > 0) throw new Decline(`${fileName}: ${result.errors[0]?.message}`);
  const { program, comments } = result;
  const imports = new Map<string, ImportedName>();
  const types = new Map<string, TypeDeclaration>();
  const exportedTypes = new Set<string>();
  const values = new Set<string>();
  for (const statement of program.body) {
    if (statement.type === "ImportDeclaration") {
      for (const specifier of statement.specifiers) {
        const from = statement.source.value;
        if (specifier.type === "ImportNamespaceSpecifier")
          imports.set(specifier.local.name, { from, name: "*" });
        else if (specifier.type === "ImportDefaultSpecifier")
          imports.set(specifier.local.name, { from, name: "default" });
        else {
          const imported = specifier.imported;
          const name = imported.type === "Identifier" ? imported.name : String(imported.value);
          imports.set(specifier.local.name, { from, name });
        }
      }
      continue;
    }
    const declaration = declarationOf(statement);
    if (declaration?.type === "TSInterfaceDeclaration" || declaration?.type === "TSTypeAliasDeclaration") {
      // Two declarations of a name merge (interfaces) or clash: the checker's to decide.
      if (types.has(declaration.id.name))
        throw new Decline(`${fileName}: ${declaration.id.name} is declared twice`);
      types.set(declaration.id.name, declaration);
      if (statement.type === "ExportNamedDeclaration") exportedTypes.add(declaration.id.name);
    } else if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations)
        if (declarator.id.type === "Identifier") values.add(declarator.id.name);
    } else if (
      (declaration?.type === "FunctionDeclaration" ||
        declaration?.type === "ClassDeclaration" ||
        declaration?.type === "TSEnumDeclaration") &&
      declaration.id !== null
    ) {
      values.add(declaration.id.name);
    } else if (declaration?.type === "TSModuleDeclaration") {
      throw new Decline(`${fileName}: a namespace`);
    }
  }
  const starts = lineStarts(text);
  return {
    fileName,
    text,
    program,
    comments,
    imports,
    types,
    exportedTypes,
    values,
    lineOf(position) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((starts[middle] ?? 0) <= position) low = middle;
        else high = middle - 1;
      }
      return low + 1;
    },
  };
}
