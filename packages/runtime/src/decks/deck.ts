/** One deck: a named pane of HTML the task builds while it runs (flytekit's `Deck`). */
export class Deck {
  readonly #parts: string[] = [];

  constructor(readonly name: string) {}

  /** Adds HTML to the pane (render markdown and tables with `markdown()` and `table()`). */
  append(html: string): this {
    this.#parts.push(html);
    return this;
  }

  /** The pane's HTML. */
  get html(): string {
    return this.#parts.join("\n");
  }

  get isEmpty(): boolean {
    return this.#parts.length === 0;
  }
}

/** The decks of one execution: `deck(name)` gets or makes one; `default` is flytekit's default deck. */
export class Decks {
  readonly #decks = new Map<string, Deck>();

  /** The deck named `name`, made on first use; decks keep the order they were first used in. */
  deck(name: string): Deck {
    let deck = this.#decks.get(name);
    if (deck === undefined) {
      deck = new Deck(name);
      this.#decks.set(name, deck);
    }
    return deck;
  }

  /** flytekit's `default_deck`. */
  get default(): Deck {
    return this.deck("default");
  }

  /** The decks with content, in order. */
  get all(): Deck[] {
    return [...this.#decks.values()].filter((deck) => !deck.isEmpty);
  }
}
