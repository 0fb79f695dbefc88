/** A feed server with generated articles, a fake model, and a temp feeds.yaml wired to both, for CLI tests. */
import { HttpResponse, http } from "msw";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { type FakeModel, startFakeModel } from "./fake-model.ts";

/** One generated article. */
export interface Article {
  title: string;
  slug: string;
  /** HTML content (content:encoded). */
  html: string;
  day?: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An RSS 2.0 document with the articles, all dated in the week before 2026-01-15. */
export function rss(articles: readonly Article[], language = "en"): string {
  const items = articles
    .map(
      (a, i) => `<item><title>${esc(a.title)}</title><link>https://news.example/${a.slug}</link>
<guid>https://news.example/${a.slug}</guid><pubDate>${a.day ?? `Wed, 14 Jan 2026 ${String(10 - (i % 10)).padStart(2, "0")}:00:00 +0000`}</pubDate>
<description>${esc(a.html.replace(/<[^>]+>/g, " ").slice(0, 200))}</description>
<content:encoded>${esc(a.html)}</content:encoded></item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>News</title><link>https://news.example/</link><description>d</description><language>${language}</language>
${items}
</channel></rss>`;
}

/** The standard articles of the tests: facts the fake model's answers may draw on. */
export const ARTICLES: Article[] = [
  {
    title: "Kubernetes v1.35 released",
    slug: "k8s-135",
    html: "<p>Kubernetes v1.35 is out with 60 enhancements.</p><p>The release improves Pod security and cluster upgrades.</p>",
  },
  {
    title: "Portainer ships Helm dashboards",
    slug: "portainer-helm",
    html: "<p>Portainer now shows Helm releases in one dashboard.</p><p>Operators can roll back a release from the UI.</p>",
  },
  {
    title: "Sovereign AI drives on-premise Kubernetes",
    slug: "sovereign-ai",
    html: "<p>Sovereign AI and edge AI push enterprises back to on-premise Kubernetes clusters.</p>",
  },
];

/** A running setup. */
export interface Setup {
  dir: string;
  config: string;
  feeds: FeedServer;
  model: FakeModel;
  /** Run the CLI with the pinned clock (and `env`). */
  cli(args: string[], env?: Record<string, string>): ReturnType<typeof runCli>;
  close(): Promise<void>;
}

/** Start both servers and write feeds.yaml; `llm` lines replace the defaults of the `llm:` block. */
export async function setup(
  o: { articles?: Article[]; llm?: string; digest?: string; feedExtra?: string; model?: FakeModel } = {},
): Promise<Setup> {
  const body = rss(o.articles ?? ARTICLES);
  const feeds = await startFeedServer([
    http.get(
      "*/feed.xml",
      () => new HttpResponse(body, { headers: { "content-type": "application/rss+xml" } }),
    ),
  ]);
  const model = o.model ?? (await startFakeModel());
  // These tests are about the model: the feed's content is the whole article (news.example does not
  // resolve), so full text stays off and their warnings are the model's alone.
  const { dir, config } = tempConfig(`
fetch:
  fullText: never
feeds:
  - id: news
    title: News
    url: ${feeds.url}/feed.xml
${o.feedExtra ?? ""}
llm:
  baseUrl: ${model.baseUrl}
  model: test-model
${o.llm ?? "  timeout: 5s"}
digests:
  - id: weekly
    title: 云原生技术动态
    language: zh-CN
    summaries: llm
    summaryLength: 200
${o.digest ?? "    glossary: { Pod: Pod, cluster: 集群 }"}
`);
  const base = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };
  return {
    dir,
    config,
    feeds,
    model,
    cli: (args, env) => runCli([...args, "--config", config], { env: { ...base, ...env } }),
    close: async () => {
      await feeds.close();
      await model.close();
    },
  };
}
