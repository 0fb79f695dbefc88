/** Editing feeds.yaml in place: new feeds are inserted as text, so comments and formatting stay as written. */
import { renameSync, statSync, writeFileSync } from "node:fs";
import { isSeq, parseDocument, stringify } from "yaml";
import { type Config, deriveFeedId, parseConfig } from "../config.ts";
import { AppError } from "../errors.ts";

/** A feed to add. */
export interface NewFeed {
  url: string;
  id?: string;
  title?: string | null;
  tags?: readonly string[];
}

/** What adding did: the feeds added (with their ids) and those skipped as duplicates. */
export interface AddResult {
  added: { id: string; url: string }[];
  skipped: { url: string; reason: string }[];
  /** The new file text (already validated); equal to the old text when nothing was added. */
  text: string;
}

/** A URL as compared for duplicates: scheme and host case-insensitive, no trailing slash, no fragment. */
function sameFeedKey(url: string): string {
  try {
    const u = new URL(url);
    u.hash = "";
    return u.href.replace(/\/$/, "");
  } catch {
    return url;
  }
}

const scalar = (v: string) => stringify(v, { lineWidth: 0 }).trimEnd();

function itemLines(f: Required<Pick<NewFeed, "url" | "id">> & NewFeed, dash: string, body: string): string {
  const lines = [`${dash}id: ${scalar(f.id)}`];
  if (f.title) lines.push(`${body}title: ${scalar(f.title)}`);
  lines.push(`${body}url: ${scalar(f.url)}`);
  if (f.tags && f.tags.length > 0) lines.push(`${body}tags: [${f.tags.map(scalar).join(", ")}]`);
  return `${lines.join("\n")}\n`;
}

/**
 * The text of `config`'s file (`text`) with `feeds` appended to its `feeds:` list. Duplicates (same URL or
 * id as a configured feed, or as an earlier new one) are skipped. The result is validated as a whole;
 * AppError CONFIG when it would not be valid.
 */
export function addFeeds(config: Config, text: string, feeds: readonly NewFeed[]): AddResult {
  const urls = new Map(config.feeds.map((f) => [sameFeedKey(f.url), f.id]));
  const ids = new Set(config.feeds.map((f) => f.id));
  const result: AddResult = { added: [], skipped: [], text };
  const blocks: string[] = [];
  const doc = parseDocument(text);
  const seq = doc.get("feeds", true);
  if (!isSeq(seq) || seq.flow || seq.items.length === 0) {
    throw new AppError(
      "CONFIG",
      `${config.path}: feeds: must be a block list ("- url: …" lines) to add feeds to it`,
    );
  }
  const first = seq.items[0] as { range: [number, number, number] };
  const last = seq.items.at(-1) as { range: [number, number, number] };
  const lineStart = text.lastIndexOf("\n", first.range[0] - 1) + 1;
  const dashAt = text.lastIndexOf("-", first.range[0] - 1);
  // The first line of an item is "<indent>-<gap>", the others "<indent><gap+1>": copy what the file uses.
  const dash = `${" ".repeat(dashAt - lineStart)}-${" ".repeat(first.range[0] - dashAt - 1)}`;
  const body = " ".repeat(first.range[0] - lineStart);
  for (const f of feeds) {
    const key = sameFeedKey(f.url);
    const dupe = urls.get(key);
    if (dupe !== undefined) {
      result.skipped.push({ url: f.url, reason: `already in ${config.path} as "${dupe}"` });
      continue;
    }
    if (f.id !== undefined && ids.has(f.id)) {
      result.skipped.push({ url: f.url, reason: `id "${f.id}" is already used in ${config.path}` });
      continue;
    }
    const id = f.id ?? deriveFeedId(f.url, ids);
    ids.add(id);
    urls.set(key, id);
    blocks.push(itemLines({ ...f, id }, dash, body));
    result.added.push({ id, url: f.url });
  }
  if (blocks.length === 0) return result;
  // After the last item's line (a flow item like "- { url: x }" ends before its newline).
  let at = last.range[1];
  let insert = blocks.join("");
  if (at > 0 && text[at - 1] !== "\n") {
    const nl = text.indexOf("\n", at);
    if (nl === -1) {
      at = text.length;
      insert = `\n${insert}`;
    } else at = nl + 1;
  }
  result.text = text.slice(0, at) + insert + text.slice(at);
  parseConfig(result.text, config.path); // throws CONFIG with every problem; nothing has been written yet
  return result;
}

/** Replace the file at `path` with `text` atomically (temp file in the same folder, then rename). */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    mode = undefined;
  }
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}
