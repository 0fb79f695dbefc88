import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { DigestView } from "../../src/digest/view.ts";
import { writeDraft } from "../../src/pipeline.ts";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { type BuiltSite, buildHugo, buildJekyll, elements, has, hrefs, SECRETS } from "../support/site.ts";
import { makeStore } from "../support/store.ts";

// Liquid that leaks the site's config or breaks `jekyll build`, and Hugo shortcodes that print a site param.
const LIQUID = "{{ site.secret_token }} {{site.secret_token}} {% raw %} {% include nope.html %}";
const SHORTCODES = '{{< param secret >}} {{% param "secret" %}}';
// Bidi overrides and isolates, and the line/paragraph separators.
const BIDI = "\u202eexe.txt\u202c \u2066iso\u2069 \u202aemb\u202c";
const SEPARATORS = "line\u2028next\u2029para";
// Controls a JSON Feed or a model can send (XML forbids C0 ones): NUL, BEL, DEL, C1 and NEL.
const CONTROLS = "nul\u0000 bel\u0007 del\u007f c1\u0090 nel\u0085end";
// Character references kramdown writes back out as such (a bidi override, braces), and kramdown math;
// in an RSS title they are escaped twice, as a title about them would be (RSS titles are HTML).
const REFERENCES = "&#x202e;rtl &#123;x&#125; &lbrace; $$x$$";
// Any control but tab and line ends.
// Text Goldmark (Hugo) would make links of, to schemes other than http(s).
const LINKIFY = "ftp://evil.example/x mailto:bob@evil.example bob@evil.example";
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]|(?![\t\n\r])\p{Cc}/u;

const xml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const LEAD = `Release ${LIQUID} ${SHORTCODES} --> done`;
const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link><description>d</description>
<item><title>${xml(LEAD)}</title>
<link>${xml("https://hostile.example/a?q={{site.secret_token}}&r={% raw %}&s=100%")}</link>
<description>${xml(`1) Summary ${LIQUID} ${BIDI} ${SEPARATORS} --!> ${xml("<!-- x")}`)}</description>
<category>${xml(LIQUID)}</category><category>${BIDI}</category>
<pubDate>Wed, 14 Jan 2026 09:00:00 +0000</pubDate></item>
<item><title>${xml(`Bidi ${BIDI} title ${SEPARATORS} ${xml(REFERENCES)}`)}</title>
<link>javascript:alert(document.cookie)</link><guid isPermaLink="false">js-1</guid>
<description>${xml(`${SHORTCODES} ${LINKIFY}`)}</description>
<pubDate>Wed, 14 Jan 2026 08:00:00 +0000</pubDate></item>
<item><title>${xml("Data link {% endraw %} {{ site.secret_token }}")}</title>
<link>${xml("data:text/html,<script>alert(1)</script>")}</link><guid isPermaLink="false">data-1</guid>
<pubDate>Wed, 14 Jan 2026 07:00:00 +0000</pubDate></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Other</title><id>urn:other</id><updated>2026-01-14T10:00:00Z</updated>
<entry><id>urn:other:1</id><title type="text">${xml(LEAD)}</title>
<link href="${xml('https://other.example/b?x={{% param "secret" %}}')}"/>
<category term="${xml("{% raw %}")}"/><category term="${xml(BIDI)}"/>
<summary type="html">${xml(`Also ${SHORTCODES}`)}</summary><updated>2026-01-14T09:30:00Z</updated></entry>
<entry><id>urn:other:2</id><title>${xml(`Comment closer --> and --!> must not end a comment`)}</title>
<link href="vbscript:msgbox(1)"/><updated>2026-01-14T06:00:00Z</updated></entry>
</feed>`;

/** The draft's body (after the front matter). */
const bodyOf = (text: string) => text.slice(text.indexOf("\n---\n", 4) + 5);

/** What the draft itself must hold: no template syntax in the body, no invisible text, comments that end where they should. */
function expectInertDraft(text: string): void {
  expect(text).not.toMatch(INVISIBLE);
  const body = bodyOf(text);
  // The built-in templates hold no braces of their own: any in the body would be feed or model text.
  expect(body).not.toMatch(/[{}]/);
  // Every comment ends at its own `-->`: once they are removed, none is left over.
  expect(body.replace(/<!--[\s\S]*?-->/g, "")).not.toMatch(/--!?>/);
}

/** What a built page must hold: no secret anywhere in the site, no script, no link of another scheme. */
function expectInertSite(site: BuiltSite, secret: string): void {
  for (const [path, text] of site.files) {
    expect(text.includes(secret), `${path} holds the site's secret`).toBe(false);
  }
  expect(site.page).not.toMatch(INVISIBLE);
  // Comments must end where the draft ends them: outside them, no script and no stray comment end.
  const shown = site.page.replace(/<!--[\s\S]*?-->/g, "");
  expect(shown).not.toMatch(/<script/i);
  expect(shown).not.toMatch(/--!?>/);
  for (const href of hrefs(site.page)) expect(href === "" || /^https?:\/\//.test(href), href).toBe(true);
}

/** The text as a reader should see it: invisible characters gone, separators as spaces, one line. */
const visible = (s: string) =>
  s
    .replace(/[\u202a-\u202e\u2066-\u2069]|(?!\s|\u0085)\p{Cc}/gu, "")
    .replace(/\s+|[\u0085\u2028\u2029]/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();

describe("feed text in the editor's site", () => {
  let server: FeedServer;
  beforeAll(async () => {
    const reply = (body: string, type: string) => () =>
      new HttpResponse(body, { headers: { "content-type": `${type}; charset=utf-8` } });
    server = await startFeedServer([
      http.get("*/rss.xml", reply(RSS, "application/rss+xml")),
      http.get("*/atom.xml", reply(ATOM, "application/atom+xml")),
    ]);
  });
  afterAll(() => server.close());

  const fetchAndDraft = async () => {
    const { dir, config } = tempConfig(`
timezone: UTC
feeds:
  - { id: hostile, title: Hostile Feed, url: "${server.url}/rss.xml" }
  - { id: other, title: Other Feed, url: "${server.url}/atom.xml" }
digests:
  - id: weekly
    title: Weekly
    language: en
    output: drafts/{date}-weekly.md
    maxItems: 3
    frontMatter: { layout: post, categories: [news] }
`);
    const env = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };
    const fetched = await runCli(["fetch", "--config", config], { env });
    expect(fetched.code, fetched.stderr).toBe(0);
    const drafted = await runCli(["draft", "--config", config, "--date", "2026-01-15"], { env });
    expect(drafted.code, drafted.stderr).toBe(0);
    return readFileSync(join(dir, "drafts/2026-01-15-weekly.md"), "utf8");
  };

  it("a hostile feed, fetched and drafted, gives a draft with its text inert and its links encoded", async () => {
    const text = await fetchAndDraft();
    expectInertDraft(text);
    const front = parseYaml(text.slice(4, text.indexOf("\n---\n", 4))) as Record<string, unknown>;
    expect(front.source).toBe(
      "https://hostile.example/a?q=%7B%7Bsite.secret_token%7D%7D&r=%7B%25%20raw%20%25%7D&s=100%25",
    );
    // The story both feeds reported is one item; the other feed's copy is a candidate in the comment.
    expect(text.match(/^### Release /gm)).toHaveLength(1);
    expect(text).toContain(
      "**Also reported by:** [Other Feed](https://other.example/b?x=%7B%7B%25%20param%20%22secret%22%20%25%7D%7D)",
    );
    expect(text).toMatch(
      /· other · 2026-01-14 · duplicate of "Release &#123;&#123; site.secret_token &#125;&#125;.* --&gt; done"\n/,
    );
    // javascript:, data: and vbscript: links are dropped; the items stay, without a link.
    expect(text).not.toMatch(/javascript:|data:|vbscript:/);
  });

  it.skipIf(!has("jekyll") || !has("hugo"))(
    `the draft of a hostile feed builds with Jekyll and Hugo, leaks no config value and shows the text as written${has("jekyll") && has("hugo") ? "" : " (skipped: jekyll or hugo is not installed)"}`,
    async () => {
      const text = await fetchAndDraft();
      const headings = [
        LEAD,
        `Bidi ${BIDI} title ${SEPARATORS} ${REFERENCES}`,
        "Data link {% endraw %} {{ site.secret_token }}",
      ].map(visible);
      for (const [build, secret] of [
        [buildJekyll, SECRETS.jekyll],
        [buildHugo, SECRETS.hugo],
        [(draft: string) => buildHugo(draft, { unsafe: true }), SECRETS.hugo],
      ] as const) {
        const site = build(text);
        expectInertSite(site, secret);
        expect(elements(site.page, "h3").sort()).toEqual([...headings].sort());
        const paragraphs = elements(site.page, "p");
        expect(paragraphs).toContain(visible(`1) Summary ${LIQUID} ${BIDI} ${SEPARATORS} --!> <!-- x`));
        expect(paragraphs).toContain(`${SHORTCODES} ${LINKIFY}`);
        // The link leads where the feed said, its Liquid sent as data, not run.
        const lead = hrefs(site.page).find((h) => h.startsWith("https://hostile.example/a"));
        expect(new URL(lead!).searchParams.get("q")).toBe("{{site.secret_token}}");
        expect(new URL(lead!).searchParams.get("r")).toBe("{% raw %}");
      }
    },
    60_000,
  );
});

describe("an old store's raw text and machine-written text in the editor's site", () => {
  const CONFIG = (language: string) => `
timezone: UTC
feeds:
  - { id: k8s, title: 'Kubernetes ${SHORTCODES}', url: "https://kubernetes.io/feed.xml" }
digests:
  - id: weekly
    title: Weekly
    language: ${language}
    maxItems: 1
    frontMatter: { layout: post, categories: [news] }
`;
  // As a feedwright before this fix stored them: bidi controls and separators kept.
  const ENTRIES = [
    {
      feedId: "k8s",
      title: `Stored ${BIDI} ${LIQUID}`,
      summary: `Stored summary ${SEPARATORS} ${SHORTCODES} --> x`,
      url: "https://kubernetes.io/blog/a?q={{site.secret_token}}",
      published: "2026-01-14T09:00:00Z",
    },
    { feedId: "k8s", title: `Left out ${LIQUID} --> ${BIDI}`, published: "2026-01-14T08:00:00Z" },
  ];
  const MACHINE = {
    subtitle: `sub ${LIQUID} ${BIDI} nul\u0000`,
    intro: `Intro ${LIQUID} ${SHORTCODES} --> ${SEPARATORS} ${CONTROLS}`,
    theme: `theme ${LIQUID} --> <script>alert(1)</script> ${BIDI}`,
    note: `note ${SHORTCODES} --!> <script>alert(1)</script>`,
    title: `Machine ${LIQUID} ${BIDI}`,
    summary: `Machine summary ${SHORTCODES} ${SEPARATORS}`,
  };
  // What a model (or a cache written before this fix) could hand the renderer.
  const enrich = async (view: DigestView): Promise<DigestView> => {
    const item = <T extends DigestView["items"][number]>(it: T): T => ({
      ...it,
      title: MACHINE.title,
      summary: MACHINE.summary,
      notes: [MACHINE.note],
    });
    return {
      ...view,
      subtitle: MACHINE.subtitle,
      title: `${view.digest.title}: ${MACHINE.subtitle}`,
      intro: MACHINE.intro,
      themes: [MACHINE.theme],
      notes: [MACHINE.note],
      items: view.items.map(item),
      sections: view.sections.map((s) => ({ ...s, items: s.items.map(item) })),
    };
  };
  const draft = async (language: string) => {
    const s = await makeStore("sqlite", CONFIG(language), ENTRIES);
    const out = await writeDraft(s.config, s.db, s.config.digests[0]!, "2026-01-15", {
      now: new Date("2026-01-15T10:00:00Z"),
      enrich,
    });
    return readFileSync(out.write!.path, "utf8");
  };

  for (const language of ["en", "zh-CN"]) {
    it(`renders inert text into a ${language} draft`, async () => {
      const text = await draft(language);
      expectInertDraft(text);
      const front = parseYaml(text.slice(4, text.indexOf("\n---\n", 4))) as Record<string, unknown>;
      // Front matter is data to Jekyll and Hugo: braces stay as written there.
      expect(front.title).toBe(`Weekly: ${visible(MACHINE.subtitle)}`);
      expect(front.source).toBe("https://kubernetes.io/blog/a?q=%7B%7Bsite.secret_token%7D%7D");
    });
  }

  it.skipIf(!has("jekyll") || !has("hugo"))(
    `builds with Jekyll and Hugo, leaks no config value and shows the text as written${has("jekyll") && has("hugo") ? "" : " (skipped: jekyll or hugo is not installed)"}`,
    async () => {
      const text = await draft("en");
      for (const [build, secret] of [
        [buildJekyll, SECRETS.jekyll],
        [buildHugo, SECRETS.hugo],
        [(draft: string) => buildHugo(draft, { unsafe: true }), SECRETS.hugo],
      ] as const) {
        const site = build(text);
        expectInertSite(site, secret);
        expect(elements(site.page, "h1")).toEqual([0, 1].map(() => `Weekly: ${visible(MACHINE.subtitle)}`));
        expect(elements(site.page, "h3")).toEqual([visible(MACHINE.title)]);
        const paragraphs = elements(site.page, "p");
        expect(paragraphs).toContain(visible(MACHINE.intro));
        expect(paragraphs).toContain(visible(MACHINE.summary));
        expect(paragraphs).toContain(`Source: ${visible(ENTRIES[0]!.title)}`);
      }
    },
    60_000,
  );
});
