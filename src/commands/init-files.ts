/** What `feedwright init` writes: the site's layout, feeds.yaml's text, the workflow's text. */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../version.ts";

/** Where a site keeps posts, and what its drafts need in their front matter. */
export interface Layout {
  /** Named in init's output, e.g. "Jekyll (_drafts/)". */
  name: string;
  /** The digest's `output`, relative to feeds.yaml. */
  output: string;
  frontMatter: Record<string, string | boolean>;
}

const DIGEST_ID = "weekly";

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Jekyll (`_drafts/`, else `_posts/`), Hugo (`content/posts/`), or a plain `drafts/` folder. */
export function detectLayout(dir: string): Layout {
  // A Jekyll draft moves to _posts/ unrenamed: _posts/ wants the YYYY-MM-DD- prefix.
  if (isDir(join(dir, "_drafts")))
    return { name: "Jekyll (_drafts/)", output: "_drafts/{date}-{id}.md", frontMatter: { layout: "post" } };
  if (isDir(join(dir, "_posts")))
    return { name: "Jekyll (_posts/)", output: "_posts/{date}-{id}.md", frontMatter: { layout: "post" } };
  // Hugo publishes a page unless it says draft: the editor clears it when the review is done.
  if (isDir(join(dir, "content", "posts")))
    return {
      name: "Hugo (content/posts/)",
      output: "content/posts/{date}-{id}.md",
      frontMatter: { draft: true },
    };
  return {
    name: "a plain folder (no _drafts/, _posts/ or content/posts/)",
    output: "drafts/{date}-{id}.md",
    frontMatter: {},
  };
}

/** `owner/name` of the folder's git remote `origin` when it is on github.com, and its current branch. */
export function detectGitHub(dir: string): { repository: string | null; branch: string | null } {
  const git = (...args: string[]): string | null => {
    try {
      return execFileSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return null; // not a repository, no such remote, or no git at all: nothing to detect
    }
  };
  const url = git("remote", "get-url", "origin");
  const m = url?.match(/github\.com[:/]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/);
  return { repository: m?.[1] ?? null, branch: git("symbolic-ref", "--short", "HEAD") };
}

/** The npm version range the workflow installs: this version's major (0.x: its minor, as semver has it). */
export function pinnedRange(version: string = VERSION): string {
  const [major, minor] = version.split(".");
  return major === "0" ? `0.${minor}` : `${major}`;
}

/** Options of the feeds.yaml init writes. */
export interface FeedsYamlOptions {
  language: string;
  layout: Layout;
  /** The digest's template path when --template copied one. */
  template: string | null;
  repository: string | null;
  branch: string | null;
}

/** feeds.yaml for a site: two example feeds, one digest, the publish block (commented out without a GitHub remote). */
export function feedsYaml(o: FeedsYamlOptions): string {
  const fm = Object.entries(o.layout.frontMatter).map(([k, v]) => `      ${k}: ${v}`);
  const publish = [
    "publish:                           # `feedwright run --publish` (the workflow) opens a pull request per draft",
    `  base: ${o.branch ?? "main"}`,
    "  github:",
    `    repository: ${o.repository ?? "your-org/your-site"}`,
    "    labels: [digest]",
  ];
  return [
    "# feedwright configuration, written by `feedwright init`: what to poll and which digest to draft.",
    "# Every key: https://github.com/feedwright/feedwright#configuration-feedsyaml",
    "# Relative paths resolve against this file's folder. Check it with `feedwright validate`.",
    "",
    "store: .feedwright/state.db        # SQLite file of feed state, entries and drafts (in .gitignore)",
    "timezone: UTC                      # IANA zone for draft dates and windows, e.g. Europe/Berlin",
    "",
    "# Two examples: replace them with yours (`feedwright feeds add URL` finds a page's feed).",
    "feeds:",
    "  - id: kubernetes-blog",
    "    title: Kubernetes Blog",
    "    url: https://kubernetes.io/feed.xml",
    "  - id: github-blog",
    "    title: The GitHub Blog",
    "    url: https://github.blog/feed/",
    "",
    "digests:",
    `  - id: ${DIGEST_ID}`,
    "    title: Weekly digest",
    `    language: ${o.language}                   # dates and the built-in template's headings`,
    `    output: ${o.layout.output}   # ${o.layout.name}; {date} {id} {year} {month} {week}`,
    ...(o.template
      ? [
          `    template: ${o.template}   # yours to edit (Handlebars; \`feedwright template\` lists its variables)`,
        ]
      : []),
    "    window: 7d                     # the 7 days ending with the draft date",
    "    maxItems: 20",
    ...(fm.length > 0 ? ["    frontMatter:", ...fm] : []),
    "",
    ...(o.repository
      ? publish
      : [
          "# No GitHub remote `origin` found: name your repository and uncomment to have the workflow open pull requests.",
          ...publish.map((l) => `# ${l}`),
        ]),
    "",
  ].join("\n");
}

/** The template path --template copies the built-in one to. */
export const TEMPLATE_COPY = `templates/${DIGEST_ID}.md.hbs`;

/** The site workflow (templates/init/feedwright.yml) installing this feedwright's pinned range. */
export function workflowYaml(): string {
  const text = readFileSync(new URL("../../templates/init/feedwright.yml", import.meta.url), "utf8");
  return text.replace("@VERSION@", pinnedRange());
}

/** Whether `.gitignore`'s text already ignores the store's folder. */
export function ignoresStore(gitignore: string): boolean {
  return gitignore.split(/\r?\n/).some((l) => /^\/?\.feedwright(\/|\/\*\*?)?\s*$/.test(l.trim()));
}
