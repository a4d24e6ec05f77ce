import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileAccess } from "../files/file-access.js";
import { randomHex } from "../process/random-hex.js";
import type { Decks } from "./deck.js";
import { deckPage } from "./deck-page.js";

/** The file the console reads a task's decks from, beside `outputs.pb` (flytekit's). */
export const DECK_FILE = "deck.html";

/** Writes the page of `decks` under the output prefix, where flytekit writes it (`<prefix>/deck.html`). */
export async function writeDeck(
  out: FileAccess,
  prefix: string,
  taskName: string,
  decks: Decks,
): Promise<string> {
  const uri = out.join(prefix, DECK_FILE);
  await out.write(uri, new TextEncoder().encode(deckPage(taskName, decks.all)));
  return uri;
}

/**
 * Writes the page of a local run's decks to a folder of its own (flytekit's local
 * `.../local_flytekit/<hex>/deck.html`), outside the run's scratch folder; returns its path.
 */
export async function writeLocalDeck(taskName: string, decks: Decks): Promise<string> {
  const folder = join(tmpdir(), "flytekit-ts-decks", randomHex(8));
  await mkdir(folder, { recursive: true });
  const path = join(folder, DECK_FILE);
  await writeFile(path, deckPage(taskName, decks.all));
  return path;
}
