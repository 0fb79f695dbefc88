/** The shape of feeds.yaml as zod schemas: every key, its default and what it must be. */
import { z } from "zod";
import { selectorProblem } from "./selector.ts";
import { parseDuration, parseSize } from "./units.ts";

const duration = (what = "a duration such as 500ms, 20s, 5m, 1h or 7d") =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null) {
      ctx.addIssue({ code: "custom", message: `must be ${what} (got ${JSON.stringify(v)})` });
      return z.NEVER;
    }
    return ms;
  });

const size = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const bytes = parseSize(v);
  if (bytes === null) {
    ctx.addIssue({
      code: "custom",
      message: `must be a size such as 512KB or 10MB (got ${JSON.stringify(v)})`,
    });
    return z.NEVER;
  }
  return bytes;
});

const httpUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && /^https?:\/\//i.test(v);
    } catch {
      return false;
    }
  },
  { error: (iss) => `must be an absolute http(s) URL (got ${JSON.stringify(iss.input)})` },
);

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "must be letters, digits, '.', '_' or '-' (got %s)" });
const cssSelector = z.string().superRefine((v, ctx) => {
  const why = selectorProblem(v);
  if (why)
    ctx.addIssue({ code: "custom", message: `must be a CSS selector: ${why} (got ${JSON.stringify(v)})` });
});
const posInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();
const patterns = z.array(z.string());
const stringList = z.array(z.string());

const fetchSchema = z.strictObject({
  timeout: duration().default(20_000),
  connectTimeout: duration().default(10_000),
  maxBytes: size.default(10 * 1024 * 1024),
  retries: nonNegInt.max(10).default(2),
  concurrency: posInt.max(512).default(16),
  perHost: posInt.max(64).default(2),
  userAgent: z.string().min(1).optional(),
  retryAfterMax: duration().default(60_000),
  blockPrivateNetworks: z.boolean().default(false),
  interval: duration().default(30 * 60_000),
  // Full text of the items a draft shows (src/pipeline/full-text.ts); feeds may override all but robots.
  fullText: z.enum(["auto", "always", "never"]).default("auto"),
  fullTextMinChars: nonNegInt.default(500),
  fullTextSelector: cssSelector.optional(),
  fullTextRemove: z.array(cssSelector).default([]),
  robots: z.boolean().default(true),
});

const feedSchema = z.strictObject({
  id: id.optional(),
  title: z.string().optional(),
  url: httpUrl,
  tags: stringList.default([]),
  priority: z.number().default(0),
  aggregator: z.boolean().default(false),
  include: patterns.default([]),
  exclude: patterns.default([]),
  interval: duration().optional(),
  timeout: duration().optional(),
  userAgent: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).default({}),
  summaries: z.enum(["feed", "llm"]).optional(),
  categoryTags: z.record(z.string(), z.string()).default({}),
  fullText: z.enum(["auto", "always", "never"]).optional(),
  fullTextMinChars: nonNegInt.optional(),
  fullTextSelector: cssSelector.optional(),
  fullTextRemove: z.array(cssSelector).optional(),
});

const filterSchema = z.strictObject({
  tags: stringList.default([]),
  feeds: stringList.default([]),
  keywords: patterns.default([]),
});

const digestSchema = z.strictObject({
  id,
  title: z.string().min(1),
  output: z.string().min(1).optional(),
  window: z
    .union([z.string(), z.number()])
    .default("7d")
    .transform((v, ctx) => {
      const ms = parseDuration(typeof v === "number" ? `${v}d` : v);
      if (ms === null || ms < 86_400_000 || ms % 86_400_000 !== 0) {
        ctx.addIssue({
          code: "custom",
          message: `must be a whole number of days such as 7d (got ${JSON.stringify(v)})`,
        });
        return z.NEVER;
      }
      return ms;
    }),
  maxItems: posInt.default(20),
  maxPerFeed: posInt.optional(),
  template: z.string().min(1).optional(),
  language: z.string().min(2).default("en"),
  frontMatter: z.record(z.string(), z.unknown()).default({}),
  tags: stringList.default([]),
  sections: z.array(z.strictObject({ heading: z.string().min(1), tags: stringList.min(1) })).default([]),
  include: filterSchema.optional(),
  exclude: filterSchema.optional(),
  schedule: z.string().min(1).optional(),
  summaries: z.enum(["feed", "llm"]).default("feed"),
  summaryLength: posInt.default(280),
  glossary: z.record(z.string(), z.string()).default({}),
  publish: z.boolean().default(true),
});

const githubSchema = z.strictObject({
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: "must be owner/name" }),
  apiUrl: httpUrl.default("https://api.github.com"),
  tokenEnv: z.string().min(1).default("GITHUB_TOKEN"),
  reviewers: stringList.default([]),
  labels: stringList.default([]),
  draft: z.boolean().default(false),
});

const publishSchema = z.strictObject({
  repo: z.string().min(1).default("."),
  remote: z.string().min(1).default("origin"),
  base: z.string().min(1).default("main"),
  branch: z.string().min(1).default("digest/{id}/{date}"),
  author: z.strictObject({ name: z.string().min(1), email: z.string().min(1) }).optional(),
  github: githubSchema.optional(),
});

const llmSchema = z.strictObject({
  baseUrl: httpUrl,
  model: z.string().min(1),
  apiKeyEnv: z.string().min(1).optional(),
  timeout: duration().default(60_000),
  concurrency: posInt.max(64).default(2),
  requestsPerMinute: posInt.default(60),
  maxInputChars: posInt.default(12_000),
  temperature: z.number().min(0).max(2).default(0),
});

/** The whole file. */
export const configSchema = z.strictObject({
  store: z.string().min(1).default(".feedwright/state.db"),
  timezone: z.string().min(1).default("UTC"),
  fetch: fetchSchema.default(fetchSchema.parse({})),
  trackingParams: stringList.default([]),
  feeds: z.array(feedSchema).min(1, { error: "must list at least one feed" }),
  tags: z.record(z.string(), patterns).default({}),
  digests: z.array(digestSchema).default([]),
  daemon: z
    .strictObject({
      listen: z
        .string()
        .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, { error: "must be HOST:PORT" }),
      shutdownTimeout: duration().default(10_000),
      // Several daemons on PostgreSQL: how long a claim on a feed or a slot lives unless renewed.
      leaseTtl: duration().default(30_000),
    })
    .partial({ listen: true })
    .optional(),
  publish: publishSchema.optional(),
  llm: llmSchema.optional(),
});

/** feeds.yaml as written, after defaults. */
export type RawConfig = z.output<typeof configSchema>;
