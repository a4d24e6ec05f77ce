import type { Deck } from "./deck.js";
import { escapeHtml } from "./renderers.js";

/**
 * The page `deck.html` holds (flytekit writes one page with all of a task's decks): a tab per deck,
 * the first one shown. Self-contained (no external scripts, styles or fonts), as the console shows it
 * from the object store.
 */
export function deckPage(taskName: string, decks: readonly Deck[]): string {
  const tabs = decks
    .map(
      (deck, i) =>
        `<button class="tab${i === 0 ? " active" : ""}" data-deck="${i}">${escapeHtml(deck.name)}</button>`,
    )
    .join("");
  const panes = decks
    .map(
      (deck, i) => `<section class="deck" id="deck-${i}"${i === 0 ? "" : " hidden"}>${deck.html}</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(taskName)} — decks</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #1f2937; }
header { background: #4300c9; color: white; padding: 12px 20px; font-size: 18px; }
nav { display: flex; gap: 4px; padding: 8px 20px 0; border-bottom: 1px solid #e5e7eb; }
.tab { border: none; background: none; padding: 8px 14px; font-size: 14px; cursor: pointer; border-bottom: 3px solid transparent; }
.tab.active { border-bottom-color: #4300c9; font-weight: 600; }
.deck { padding: 16px 20px; }
.deck-table { border-collapse: collapse; }
.deck-table th, .deck-table td { border: 1px solid #d1d5db; padding: 4px 10px; text-align: left; }
.deck-table th { background: #f3f4f6; }
</style>
</head>
<body>
<header>${escapeHtml(taskName)}</header>
<nav>${tabs}</nav>
${panes}
<script>
for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    for (const other of document.querySelectorAll(".tab")) other.classList.toggle("active", other === tab);
    for (const pane of document.querySelectorAll(".deck")) pane.hidden = pane.id !== "deck-" + tab.dataset.deck;
  });
}
</script>
</body>
</html>
`;
}
