import type { Readable } from "node:stream";

/**
 * Splits Docker's multiplexed attach stream (frames of an 8-byte header — stream id, then the
 * payload length big-endian in bytes 4-7 — and the payload) into lines, in the order the container
 * wrote them across stdout and stderr. Resolves when the stream ends.
 */
export function readLogLines(stream: Readable, onLine: (line: string) => void): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  const partial: Record<number, string> = {};
  const emit = (id: number, text: string) => {
    const lines = ((partial[id] ?? "") + text).split("\n");
    partial[id] = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return; // "end" and "close" both come
      finished = true;
      for (const rest of Object.values(partial)) if (rest !== "") onLine(rest);
      resolve();
    };
    stream.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        emit(pending[0] ?? 1, pending.subarray(8, 8 + size).toString("utf8"));
        pending = pending.subarray(8 + size);
      }
    });
    stream.once("end", finish);
    stream.once("close", finish);
    stream.once("error", finish);
  });
}
