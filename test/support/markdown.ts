export interface Block {
  readonly lang: string;
  readonly line: number;
  readonly text: string;
}

/** The fenced code blocks of a Markdown text (also those indented inside list items). */
export function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i] as string);
    if (open === null) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j] as string)) body.push(lines[j++] as string);
    blocks.push({ lang: open[2] as string, line: i + 1, text: body.join("\n") });
    i = j;
  }
  return blocks;
}

/** A shell block's commands: one per line, comments and blank lines dropped. */
export function shellCommands(block: Block): string[] {
  return block.text
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}
