/** Article pages for the full-text tests: a site's chrome around an article, in a few shapes. */

const CHROME_TOP = `<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></nav></header>`;
const CHROME_BOTTOM = `<footer><p>Copyright 2026 Example Media. All rights reserved.</p><a href="/privacy">Privacy</a></footer>`;

/** A whole page: `head` extra markup, the body's article markup. */
export function page(title: string, body: string, head = `<meta charset="utf-8">`): string {
  return `<!doctype html><html><head>${head}<title>${title}</title></head><body>${CHROME_TOP}${body}${CHROME_BOTTOM}</body></html>`;
}

/** Paragraphs that make an article long enough to be read as one (each sentence distinct). */
export function paragraphs(topic: string, n = 6): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(
      `<p>Paragraph ${i} about ${topic} explains one more part of the story in plain words, with enough detail that a reader learns something new from it. The engineers involved describe step ${i} of the work, what they measured and why they changed course when the numbers came in.</p>`,
    );
  }
  return out.join("\n");
}

/** An article page whose body opens with `lead` (a distinctive first paragraph). */
export function articlePage(title: string, lead: string, topic = title): string {
  return page(title, `<article><h1>${title}</h1><p>${lead}</p>\n${paragraphs(topic)}</article>`);
}

/** A consent page: what a cookie wall serves instead of the article. */
export function cookieWall(): string {
  return page(
    "Before you continue",
    `<div class="consent"><h1>We value your privacy</h1><p>We and our partners use cookies to store and access information on your device. Click Accept all to consent, or Reject all to refuse. You can change your choices at any time in Privacy preferences.</p><button>Accept all</button><button>Reject all</button></div>`,
  );
}
