/** feeds.yaml → a validated, frozen Config; every problem reported at once, one line each. */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Document, isAlias, isCollection, isPair, parseDocument } from "yaml";
import { checkSemantics } from "./config/checks.ts";
import { formatIssue, keyPath } from "./config/issues.ts";
import { configSchema, type RawConfig } from "./config/schema.ts";
import { AppError } from "./errors.ts";
import { isPostgresUrl } from "./store/db.ts";

type RawFeed = RawConfig["feeds"][number];
type RawDigest = RawConfig["digests"][number];

/** One configured feed with its id resolved. */
export type FeedConfig = Readonly<Omit<RawFeed, "id"> & { id: string }>;
/** One configured digest with its paths resolved. */
export type DigestConfig = Readonly<
  Omit<RawDigest, "output" | "template"> & { output: string; template: string | null; windowDays: number }
>;
/** The validated configuration; paths are absolute. */
export type Config = Readonly<
  Omit<RawConfig, "feeds" | "digests"> & {
    /** The config file as the user named it (used in messages). */
    path: string;
    /** The folder relative paths resolve against. */
    dir: string;
    feeds: readonly FeedConfig[];
    digests: readonly DigestConfig[];
  }
>;

/** An id derived from a feed URL: host (without www.) plus the path when needed to stay unique. */
export function deriveFeedId(url: string, taken: Set<string>): string {
  const u = new URL(url);
  const host = u.hostname.replace(/^www\./, "").replace(/[^a-z0-9]+/gi, "-");
  const path = u.pathname
    .replace(/\.(xml|rss|atom|json)$/i, "")
    .replace(/[^a-z0-9]+/gi, "-")
    .replace(/^-|-$/g, "");
  let id = host;
  if (taken.has(id) && path) id = `${host}-${path}`.toLowerCase();
  let n = 2;
  const base = id;
  while (taken.has(id)) id = `${base}-${n++}`;
  return id;
}

/** A feeds.yaml larger than this is refused: 10 MB is ~50,000 feeds, and parsing it takes seconds. */
const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
/** At most this many values once aliases are expanded (a 10 MB config holds far fewer). */
const MAX_EXPANDED_NODES = 2_000_000;

/** How many values `doc` holds once every alias is expanded; linear in the document's size. */
function expandedSize(doc: Document): number {
  const memo = new Map<unknown, number>();
  const size = (node: unknown): number => {
    if (node === null || typeof node !== "object") return 1;
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, 1); // an alias cycle counts once rather than forever
    let n = 1;
    if (isAlias(node)) n = size(node.resolve(doc));
    else if (isPair(node)) n = size(node.key) + size(node.value);
    else if (isCollection(node)) for (const item of node.items) n += size(item);
    n = Math.min(n, Number.MAX_SAFE_INTEGER);
    memo.set(node, n);
    return n;
  };
  return size(doc.contents);
}

const tooLarge = (path: string, bytes: number) =>
  new AppError(
    "CONFIG",
    `${path}: the config is too large (${(bytes / 1048576).toFixed(1)} MB; at most ${MAX_CONFIG_BYTES / 1048576} MB)`,
  );

/** Parse and validate config text; `path` is only used in messages and to resolve relative paths. */
export function parseConfig(text: string, path: string, env: NodeJS.ProcessEnv = {}): Config {
  if (text.length > MAX_CONFIG_BYTES) throw tooLarge(path, text.length);
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const msg = e.message
        .split("\n")[0]!
        .replace(/ at line \d+, column \d+:?$/, "")
        .replace(/\.$/, "");
      return `${path}:${pos ? `${pos.line}:${pos.col}` : "?"}: invalid YAML: ${msg}`;
    });
    throw new AppError("CONFIG", lines[0]!, { details: lines });
  }
  // yaml's own alias guard also refuses honest configs (one anchor used by 200 feeds), so bound
  // what the aliases expand to instead: a "billion laughs" bomb is refused, anchors stay usable.
  const size = expandedSize(doc);
  if (size > MAX_EXPANDED_NODES) {
    throw new AppError(
      "CONFIG",
      `${path}: invalid YAML: its aliases expand to over ${MAX_EXPANDED_NODES.toLocaleString("en")} values (an alias bomb?)`,
    );
  }
  const data = doc.toJS({ maxAliasCount: -1 }) ?? {};
  // FEEDWRIGHT_STORE overrides `store`, so a database password never has to sit in feeds.yaml.
  if (env.FEEDWRIGHT_STORE && data && typeof data === "object") data.store = env.FEEDWRIGHT_STORE;
  const result = configSchema.safeParse(data, { reportInput: true });
  const problems = [
    ...(result.success ? [] : result.error.issues.flatMap((iss) => formatIssue(iss, configSchema))),
    ...checkSemantics(data, env),
  ];
  if (problems.length > 0) {
    const lines = problems.map((p) => `${path}: ${p}`);
    throw new AppError("CONFIG", lines.length === 1 ? lines[0]! : `${path}: ${lines.length} problems`, {
      details: lines,
    });
  }
  return finish(result.data!, path);
}

function finish(raw: RawConfig, path: string): Config {
  const dir = dirname(resolve(path));
  const taken = new Set(raw.feeds.map((f) => f.id).filter((id): id is string => id !== undefined));
  const feeds = raw.feeds.map((f) => {
    const id = f.id ?? deriveFeedId(f.url, taken);
    taken.add(id);
    return Object.freeze({ ...f, id });
  });
  const digests = raw.digests.map((d) =>
    Object.freeze({
      ...d,
      output: resolve(dir, d.output ?? `drafts/{date}-${d.id}.md`),
      template: d.template ? resolve(dir, d.template) : null,
      windowDays: d.window / 86_400_000,
    }),
  );
  // A PostgreSQL URL is kept as it is; a file path is relative to the config's folder.
  const store = isPostgresUrl(raw.store) ? raw.store : resolve(dir, raw.store);
  return deepFreeze({ ...raw, path, dir, store, feeds, digests });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Read and validate the config file at `path`. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = {}): Config {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_CONFIG_BYTES) throw tooLarge(path, size);
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (err as Error).message;
    throw new AppError("CONFIG", `${path}: cannot read config: ${why}`, {
      hint: "pass --config PATH or set FEEDWRIGHT_CONFIG",
    });
  }
  return parseConfig(text, path, env);
}

/** The digest named `id`, or the only one when `id` is undefined; AppError USAGE otherwise. */
export function pickDigest(config: Config, id: string | undefined): DigestConfig {
  if (config.digests.length === 0)
    throw new AppError("USAGE", `${config.path}: digests: no digest is configured`);
  if (id === undefined) {
    if (config.digests.length === 1) return config.digests[0]!;
    throw new AppError(
      "USAGE",
      `--digest is required: ${config.path} has ${config.digests.length} digests (${config.digests.map((d) => d.id).join(", ")})`,
    );
  }
  const d = config.digests.find((x) => x.id === id);
  if (!d)
    throw new AppError(
      "USAGE",
      `--digest: unknown digest "${id}" (configured: ${config.digests.map((x) => x.id).join(", ")})`,
    );
  return d;
}

export { keyPath };
