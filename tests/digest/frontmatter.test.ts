import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { frontMatter } from "../../src/digest/frontmatter.ts";

const HOSTILE = [
  'Kubernetes: the --- "complete" guide # part 1',
  "---\nlayout: evil\n---",
  "'single' and \"double\" quotes: \\ backslash",
  "@at *star &anchor !tag %percent `tick` [flow] {map} | pipe > fold",
  "yes",
  "2026-01-15",
  "null",
];

const has = (bin: string) => {
  try {
    execFileSync("which", [bin], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
};

const fm = (title: string) =>
  frontMatter({
    layout: "post",
    title,
    date: "2026-01-15",
    author: "云原生观察",
    source: "https://kubernetes.io/blog/",
    categories: ["cloud-native"],
    tags: ["kubernetes", "no"],
  });

describe("front matter", () => {
  it("round-trips hostile titles through a YAML parser unchanged, and keeps the date plain", () => {
    for (const title of HOSTILE) {
      const text = fm(title);
      expect(text.startsWith("---\n")).toBe(true);
      expect(text.endsWith("\n---\n")).toBe(true);
      expect(text.split("\n").filter((l) => l === "---")).toHaveLength(2);
      const data = parseYaml(text.slice(4, -4)) as Record<string, unknown>;
      expect(data.title).toBe(title);
      expect(data.tags).toEqual(["kubernetes", "no"]);
      expect(text).toContain("\ndate: 2026-01-15\n");
    }
  });

  it("keeps the seed's key order and quoting", () => {
    expect(fm("云原生技术动态：测试")).toBe(
      '---\nlayout: post\ntitle: "云原生技术动态：测试"\ndate: 2026-01-15\nauthor: "云原生观察"\nsource: "https://kubernetes.io/blog/"\ncategories:\n  - cloud-native\ntags:\n  - kubernetes\n  - "no"\n---\n',
    );
  });

  const site = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "feedwright-site-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  };
  const post = (title: string) => `${fm(title)}\n# Body\n\nText.\n`;

  it.skipIf(!has("jekyll"))(
    `Jekyll builds a post with a hostile title and shows the title as written${has("jekyll") ? "" : " (skipped: jekyll is not installed)"}`,
    () => {
      const title = HOSTILE[0]!;
      const dir = site({
        "_config.yml": "title: t\n",
        "_layouts/post.html":
          '<h1 id="fw-title">{{ page.title }}</h1><p id="fw-tags">{{ page.tags | join: "," }}</p>{{ content }}',
        "_posts/2026-01-15-weekly.md": post(title),
      });
      execFileSync("jekyll", ["build", "--quiet", "--source", dir, "--destination", join(dir, "_site")], {
        stdio: "pipe",
      });
      const html = readFileSync(join(dir, "_site/cloud-native/2026/01/15/weekly.html"), "utf8");
      expect(html).toContain('<h1 id="fw-title">Kubernetes: the --- "complete" guide # part 1</h1>');
      // YAML 1.1 would read a bare `no` as false: it must stay the tag "no".
      expect(html).toContain('<p id="fw-tags">kubernetes,no</p>');
    },
  );

  it.skipIf(!has("hugo"))(
    `Hugo builds a page with a hostile title and shows the title as written${has("hugo") ? "" : " (skipped: hugo is not installed)"}`,
    () => {
      const title = HOSTILE[2]!;
      const dir = site({
        "config.toml":
          'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]\n',
        "layouts/_default/single.html":
          '<h1 id="fw-title">{{ .Title }}</h1><p id="fw-date">{{ .Date.Format "2006-01-02" }}</p>',
        "content/posts/weekly.md": post(title),
      });
      execFileSync("hugo", ["--quiet", "--source", dir, "--destination", join(dir, "public")], {
        stdio: "pipe",
      });
      const html = readFileSync(join(dir, "public/posts/weekly/index.html"), "utf8");
      expect(html).toContain(
        `<h1 id="fw-title">&#39;single&#39; and &#34;double&#34; quotes: \\ backslash</h1>`,
      );
      expect(html).toContain('<p id="fw-date">2026-01-15</p>');
    },
  );
});
