import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import chain from "stream-chain";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/pick.js";
import { streamArray } from "stream-json/streamers/stream-array.js";

/** How one log file was read: its records went to the callback as they were parsed. */
export type FileOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Streams the elements of a log file's top-level `Records` array to `onRecord`, one at a time, so
 * that memory does not grow with the file. `.gz` files are decompressed on the way. A file that is
 * damaged part-way keeps the records before the damage and reports why it stopped.
 */
export async function readRecords(file: string, onRecord: (record: unknown) => void): Promise<FileOutcome> {
  let sawRecords = false;
  const source = createReadStream(file);
  const steps = [
    // Packed values only: the record assembler does not need streamed string chunks (twice as fast).
    parser({ streamValues: false }),
    pick({
      filter: (stack: readonly (string | number | null)[]) => {
        const hit = stack.length === 1 && stack[0] === "Records";
        if (hit) sawRecords = true;
        return hit;
      },
    }),
    streamArray(),
  ];
  const pipeline = chain(/\.gz$/i.test(file) ? [source, createGunzip(), ...steps] : [source, ...steps]);
  try {
    for await (const item of pipeline as AsyncIterable<{ value: unknown }>) onRecord(item.value);
  } catch (err) {
    source.destroy();
    return { ok: false, reason: describe(err) };
  }
  return sawRecords ? { ok: true } : { ok: false, reason: "no top-level Records array (not a CloudTrail log file)" };
}

function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/incorrect header check|unexpected end of file|invalid (block|distance|stored)/i.test(message)) return `not a valid gzip file (${message})`;
  if (/array/i.test(message) && /top-level|should be/i.test(message)) return "Records is not an array";
  return `not valid JSON (${message})`;
}
