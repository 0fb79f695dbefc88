/**
 * bench/fetch's generated feeds, deterministic (seeded per feed): "plain" (items of two plain
 * paragraphs, the corpus the bench used first) and "realistic" (shaped like the real feeds in
 * shared/feeds-real: HubSpot's and WordPress's RSS, the Kubernetes blog's Hugo template).
 */

/** The corpora bench/fetch can serve. */
export const CORPORA = ["plain", "realistic"] as const;
/** One of CORPORA. */
export type Corpus = (typeof CORPORA)[number];

/** A small deterministic PRNG so every run serves the same bytes. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "kubernetes cluster release security patch container runtime network policy storage operator gateway mesh observability tracing metrics scheduler node pod service ingress controller upgrade deprecation api version".split(
    " ",
  );
// Prose for the realistic corpus: a wider vocabulary, so texts and hashes differ as real ones do.
const PROSE =
  `${WORDS.join(" ")} the a of to and in for with is on that this we it as by from are be can when our you your
  will not which more new how teams workload workloads deploy deployment configuration each every about into also
  after before during while latency throughput memory performance benchmark feature alpha beta stable graduated
  community maintainers contributors sig release-notes changelog migration backwards compatible breaking default
  enabled disabled flag field resource custom definition admission webhook validation mutation quota limit request`
    .split(/\s+/)
    .filter(Boolean);
const PEOPLE = "Ana Ruiz,Kenji Sato,Priya Nair,Tom Becker,Lena Novak,Samuel Okafor,Mei Lin,Jonas Berg".split(
  ",",
);
const TAGS =
  "Kubernetes,Security,Networking,Storage,Release,Community,Engineering--Backend,Engineering--Infrastructure,Observability,CI/CD,Cloud Native,SIG Node,Product,UX".split(
    ",",
  );
const CODE = [
  'kubectl get pods -n kube-system -o jsonpath="{.items[*].metadata.name}"',
  "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3",
  'if (err != nil && retries < 3) {\n    return fmt.Errorf("apply: %w", err)\n}',
  "helm upgrade --install gateway ./charts/gateway --set image.tag=v1.31.0 --wait",
  "for (const pod of pods) {\n  if (pod.status.phase !== 'Running') pending.push(pod);\n}",
];

/** Entity-escape markup, as `{{ .Content | html }}` and HubSpot's feeds carry it. */
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Feed `i` of the corpus, served from `host`: 10–200 KB of RSS 2.0. */
export function feed(corpus: Corpus, i: number, host: string): Buffer {
  const r = rng(i + 1);
  const target = 10_240 + Math.floor(r() * (200 - 10) * 1024);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const words = (n: number, from: readonly string[] = WORDS) =>
    Array.from({ length: n }, () => pick(from)).join(" ");
  const realistic = corpus === "realistic";
  const ns = realistic
    ? ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    : "";
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"${ns}><channel><title>Feed ${i}</title><link>http://${host}/</link><description>${words(12)}</description>`,
  ];
  let size = parts[0]!.length;
  for (let j = 0; size < target; j++) {
    const date = new Date(Date.UTC(2026, 0, 14, 12) - (i * 97 + j) * 3_600_000).toUTCString();
    const item = realistic
      ? realisticItem(r, pick, words, `http://${host}`, `/posts/${i}/${j}`, date)
      : `<item><title>${words(8)}</title><link>http://${host}/posts/${i}/${j}</link><guid>http://${host}/posts/${i}/${j}</guid><pubDate>${date}</pubDate><description><![CDATA[<p>${words(120)}</p><p><a href="/about">${words(6)}</a> ${words(80)}</p>]]></description></item>`;
    parts.push(item);
    size += item.length;
  }
  parts.push("</channel></rss>\n");
  return Buffer.from(parts.join(""));
}

type Words = (n: number, from?: readonly string[]) => string;

/** A sentence-like run of prose with inline markup: links (some with tracking parameters), em, code. */
function paragraph(r: () => number, words: Words, site: string): string {
  const bits: string[] = [];
  for (let k = 0, n = 3 + Math.floor(r() * 5); k < n; k++) {
    const x = r();
    if (x < 0.15)
      bits.push(
        `<a href="${site}/docs/${words(1)}/?utm_source=rss&amp;utm_medium=feed">${words(3, PROSE)}</a>`,
      );
    else if (x < 0.25) bits.push(`<em>${words(2, PROSE)}</em>`);
    else if (x < 0.35) bits.push(`<code>${words(1)}.${words(1)}</code>`);
    else if (x < 0.4) bits.push(`<strong>${words(2, PROSE)}</strong>`);
    bits.push(`${words(8 + Math.floor(r() * 14), PROSE)}${r() < 0.7 ? "." : ","}`);
  }
  return `<p>${bits.join(" ")}</p>`;
}

function image(r: () => number, site: string, path: string): string {
  const w = 600 + Math.floor(r() * 8) * 100;
  return `<img src="${site}/images${path}/figure-${Math.floor(r() * 9)}.png" alt="Diagram of the ${path.split("/").at(-1)} rollout" width="${w}" height="${Math.round(w * 0.56)}" loading="lazy">`;
}

/** A full article of several KB: headings, paragraphs, lists, code blocks, figures, links. */
function article(
  r: () => number,
  words: Words,
  pick: <T>(xs: readonly T[]) => T,
  site: string,
  path: string,
) {
  const out = [
    `<div class="hs-featured-image-wrapper"><a href="${site}${path}">${image(r, site, path)}</a></div>`,
  ];
  for (let s = 0, n = 2 + Math.floor(r() * 4); s < n; s++) {
    out.push(`<h2 id="section-${s}">${words(4, PROSE)}</h2>`);
    for (let p = 0, m = 1 + Math.floor(r() * 3); p < m; p++) out.push(paragraph(r, words, site));
    const x = r();
    if (x < 0.35) out.push(`<pre><code class="language-shell">${escapeHtml(pick(CODE))}</code></pre>`);
    else if (x < 0.65)
      out.push(
        `<ul>${Array.from({ length: 3 + Math.floor(r() * 4) }, () => `<li>${words(6, PROSE)}</li>`).join("")}</ul>`,
      );
    else if (x < 0.8)
      out.push(`<figure>${image(r, site, path)}<figcaption>${words(7, PROSE)}</figcaption></figure>`);
  }
  out.push(
    `<img src="https://track.example.com/__ptq.gif?a=51294&amp;k=14&amp;r=${encodeURIComponent(site + path)}" alt="" width="1" height="1" style="width:1px!important;border-width:0!important">`,
  );
  return out.join("\n");
}

function realisticItem(
  r: () => number,
  pick: <T>(xs: readonly T[]) => T,
  words: Words,
  site: string,
  path: string,
  date: string,
): string {
  const link = `${site}${path}`;
  const title = `${words(1, TAGS)} ${words(5, PROSE)}${r() < 0.2 ? " &amp; more" : ""}`;
  const featured = r() < 0.5 ? `<div class="hs-featured-image-wrapper">${image(r, site, path)}</div>\n` : "";
  const intro = Array.from({ length: 1 + Math.floor(r() * 2) }, () => paragraph(r, words, site)).join("\n");
  const pre = r() < 0.15 ? `\n<pre><code>${escapeHtml(pick(CODE))}</code></pre>` : "";
  const cats = Array.from({ length: 1 + Math.floor(r() * 4) }, () => `<category>${pick(TAGS)}</category>`);
  // About half the items carry the full article: WordPress in CDATA, HubSpot entity-escaped.
  const full = r() < 0.5 ? article(r, words, pick, site, path) : null;
  const encoded =
    full === null
      ? ""
      : r() < 0.5
        ? `<content:encoded><![CDATA[${full}]]></content:encoded>`
        : `<content:encoded>${escapeHtml(full)}</content:encoded>`;
  const guid =
    r() < 0.8 ? `<guid>${link}</guid>` : `<guid isPermaLink="false">post-${path.replace(/\//g, "-")}</guid>`;
  return `<item><title>${title}</title><link>${link}</link><description>${escapeHtml(featured + intro + pre)}</description>${encoded}${cats.join("")}<pubDate>${date}</pubDate>${guid}<dc:creator>${pick(PEOPLE)}</dc:creator></item>\n`;
}
