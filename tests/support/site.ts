/** Real static-site builds of a draft (Jekyll and Hugo), each site holding a secret in its config. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeHTML } from "entities";

/** Values in the sites' configs that no feed text may bring into a built page. */
export const SECRETS = { jekyll: "JEKYLL-SECRET-7f3a9c", hugo: "HUGO-SECRET-91bd2e" } as const;

/** True when `bin` is on the PATH. */
export function has(bin: string): boolean {
  try {
    execFileSync("which", [bin], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/** A built site: the draft's page and the text of every file the build wrote. */
export interface BuiltSite {
  page: string;
  files: Map<string, string>;
}

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "feedwright-site-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function collect(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), "utf8"));
  }
  return out;
}

// The layouts print the front matter as values (the way themes do) around the content.
const PAGE_MARK = 'id="fw-page"';

function built(out: string): BuiltSite {
  const files = collect(out);
  const page = [...files.values()].find((t) => t.includes(PAGE_MARK));
  if (!page) throw new Error(`no page with ${PAGE_MARK} in ${[...files.keys()].join(", ")}`);
  return { page, files };
}

/** Run a build; a failure throws with the tool's own output (the test shows it). */
function run(bin: string, args: string[]): void {
  try {
    execFileSync(bin, args, { stdio: "pipe" });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${bin} failed:\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`);
  }
}

/** `jekyll build` of a site whose `_config.yml` holds SECRETS.jekyll, with the draft as its one post. */
export function buildJekyll(draft: string): BuiltSite {
  const dir = site({
    "_config.yml": `title: Site\nsecret_token: "${SECRETS.jekyll}"\n`,
    "_layouts/post.html": `<div ${PAGE_MARK}><h1 id="fw-title">{{ page.title }}</h1><p id="fw-source">{{ page.source }}</p><p id="fw-tags">{{ page.tags | join: "," }}</p>{{ content }}</div>`,
    "_posts/2026-01-15-weekly.md": draft,
  });
  run("jekyll", ["build", "--quiet", "--source", dir, "--destination", join(dir, "_site")]);
  return built(join(dir, "_site"));
}

/**
 * `hugo` of a site whose config holds SECRETS.hugo as a param (which the `param` shortcode prints).
 * `unsafe` sets `markup.goldmark.renderer.unsafe`, as many sites do: raw HTML (comments included)
 * then reaches the page instead of being omitted.
 */
export function buildHugo(draft: string, opts: { unsafe?: boolean } = {}): BuiltSite {
  const dir = site({
    "config.toml": `baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n[params]\nsecret = "${SECRETS.hugo}"\n[markup.goldmark.renderer]\nunsafe = ${opts.unsafe === true}\n`,
    "layouts/_default/single.html": `<div ${PAGE_MARK}><h1 id="fw-title">{{ .Title }}</h1><p id="fw-source">{{ .Params.source }}</p>{{ .Content }}</div>`,
    "content/posts/weekly.md": draft,
  });
  run("hugo", ["--quiet", "--source", dir, "--destination", join(dir, "public")]);
  return built(join(dir, "public"));
}

/**
 * What a reader sees of an HTML fragment: comments and tags removed, references decoded, and the typographic
 * substitutions kramdown and Goldmark make on any text (dashes, curly quotes, ellipsis) undone.
 */
export function readerText(html: string): string {
  return decodeHTML(html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]*>/g, ""))
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/—/g, "---")
    .replace(/–/g, "--")
    .replace(/…/g, "...")
    .replace(/«/g, "<<")
    .replace(/»/g, ">>")
    .trim();
}

/** The reader's text of every `<tag …>…</tag>` in `html`. */
export function elements(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map((m) =>
    readerText(m[1]!),
  );
}

/** Every href of `html`, decoded as the browser reads the attribute. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => decodeHTML(m[1]!));
}
