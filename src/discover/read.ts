import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { sniff, TERRAFORM } from "./sniff.js";

/** Files larger than this are not read unless the limit is raised (`--max-file-size`, `maxFileSize`). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** How much of a file over the size limit is read to decide whether it is infrastructure as code at all. */
const HEAD_BYTES = 64 * 1024;

export type ReadResult =
  /** `modified`: the file's size and modification time when read (a cache can tell by them that it has not changed). */
  | { kind: "text"; text: string; modified?: { size: number; mtimeMs: number } }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; line: number; column: number; message: string };

/**
 * Reads a file for the scan: never throws, never reads more than the limit, and turns bytes into text
 * the way editors do (UTF-8 with or without a byte order mark, UTF-16 with one).
 */
export function readSource(absolute: string, path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let fd: number;
  try {
    // Non-blocking, so that a named pipe put where a file was found cannot stall the scan.
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return failedAtStart(readError(err));
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return failedAtStart(stat.isDirectory() ? readError(Object.assign(new Error("EISDIR"), { code: "EISDIR" })) : "not a regular file (a pipe, socket or device)");
    const size = stat.size;
    if (size > maxBytes) return overLimit(path, size, maxBytes, readBytes(fd, HEAD_BYTES));
    // A file that grows between fstat and read is cut at the limit plus one byte, and caught by decodeBounded.
    const read = decodeBounded(path, readBytes(fd, maxBytes + 1, size), maxBytes);
    return read.kind === "text" ? { ...read, modified: { size, mtimeMs: stat.mtimeMs } } : read;
  } catch (err) {
    return failedAtStart(readError(err));
  } finally {
    closeSync(fd);
  }
}

/** Bytes read from a stream (standard input) or a file: over the limit, or decoded. */
export function decodeBounded(path: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  return bytes.length > maxBytes ? overLimit(path, bytes.length, maxBytes, bytes.subarray(0, HEAD_BYTES)) : decodeSource(path, bytes);
}

/** Bytes → text, or why the bytes are not text. Pure, for in-memory tests. */
export function decodeSource(path: string, bytes: Uint8Array): ReadResult {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes.subarray(2), "utf-16le");
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes.subarray(2), "utf-16be");
  const body = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul >= 0) {
    // A .tf file is Terraform by its name, so content that is not text is an error; other names are sniffed.
    if (!TERRAFORM.test(path)) return { kind: "skipped", reason: "binary file" };
    return failedAt(body, nul, "binary content (a NUL byte): not a Terraform text file");
  }
  if (!isUtf8(body)) {
    const bad = firstInvalidUtf8(body);
    return failedAt(body, bad, `invalid UTF-8 (byte 0x${(body[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0")}); save the file as UTF-8`);
  }
  return { kind: "text", text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8") };
}

function decodeUtf16(body: Uint8Array, encoding: "utf-16le" | "utf-16be"): ReadResult {
  const label = encoding.toUpperCase();
  if (body.length % 2 !== 0) return failedAtStart(`${label} file with an odd number of bytes: it is truncated or not ${label}`);
  try {
    return { kind: "text", text: new TextDecoder(encoding, { fatal: true }).decode(body) };
  } catch {
    return failedAtStart(`invalid ${label} (an unpaired surrogate); save the file as UTF-8`);
  }
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min, max] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [length, min, max] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** A failure at a byte offset, with the line and column (UTF-16 units) of the valid text before it. */
function failedAt(bytes: Uint8Array, offset: number, message: string): ReadResult {
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, offset).toString("utf8");
  // Line breaks as the parsers count them (LF, CRLF or a lone CR); columns in UTF-16 units.
  const lines = before.split(/\r\n|\r|\n/);
  return { kind: "failed", line: lines.length, column: (lines[lines.length - 1] ?? "").length + 1, message };
}

function failedAtStart(message: string): ReadResult {
  return { kind: "failed", line: 1, column: 1, message };
}

function overLimit(path: string, size: number, maxBytes: number, head: Uint8Array): ReadResult {
  const message = `the file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit; raise it with --max-file-size ${suggestedLimit(size)} or maxFileSize in .pullguard.yml`;
  if (TERRAFORM.test(path)) return failedAtStart(message);
  // A large JSON or YAML file that does not start like infrastructure as code (a lock file, a data dump) is skipped, as it would be at any size.
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8");
  const sniffed = sniff(path, text);
  if ("skip" in sniffed && sniffed.skip !== "empty file") return { kind: "skipped", reason: `${sniffed.skip} (judged from its first ${formatBytes(HEAD_BYTES)}: ${message})` };
  return failedAtStart(message);
}

function readBytes(fd: number, limit: number, expected = limit): Uint8Array {
  // One read of the size fstat gave (and a byte more, to see growth), then reads into a shared buffer
  // until the end: no large buffer per file.
  const first = Buffer.allocUnsafe(Math.min(limit, expected + 1));
  let total = readSync(fd, first, 0, first.length, null);
  const chunks: Buffer[] = [first.subarray(0, total)];
  for (;;) {
    const n = total < limit ? readSync(fd, MORE, 0, Math.min(MORE.length, limit - total), null) : 0;
    if (n === 0) break;
    chunks.push(Buffer.from(MORE.subarray(0, n)));
    total += n;
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

/** Where a file's bytes past the size fstat gave are read (a file that grew while it was read). */
const MORE = Buffer.allocUnsafe(64 * 1024);

/** What went wrong, in words, for the errors a scan meets (the file vanished, permissions, a folder). */
export function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "the file disappeared while pullguard was scanning (ENOENT)";
    case "EACCES":
    case "EPERM":
      return `permission denied (${code}): pullguard cannot read this file`;
    case "EISDIR":
      return "a folder where a file was expected (EISDIR)";
    case "ELOOP":
      return "a loop of symbolic links (ELOOP)";
    default:
      return `could not read the file: ${(err as Error).message}`;
  }
}

/** 10 MB, 512 KB, 1.5 GB: binary units, written as people write them. */
export function formatBytes(n: number): string {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A round limit above `size`, for the message: 52.4 MB → 64MB. */
function suggestedLimit(size: number): string {
  let mb = 16;
  while (mb * 1024 * 1024 < size) mb *= 2;
  return `${mb}MB`;
}

/** `10MB`, `512kb`, `1.5 GiB`, `1048576` (bytes) → bytes; undefined if it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|([kmg])i?b?)?\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[3] ?? "").toLowerCase() as "k" | "m" | "g"] ?? 1;
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes >= 1 ? bytes : undefined;
}
