import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ExtractedArticle, extractArticle } from "../../../src/reader/article/extract.ts";
import { refusal } from "../../../src/reader/article/refuse.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures/articles");
const extract = (name: string) =>
  extractArticle(readFileSync(join(FIXTURES, name), "utf8"), { url: "https://news.example/a/1" })!;
const article = (text: string, title: string | null = null): ExtractedArticle => ({
  title,
  byline: null,
  html: `<p>${text}</p>`,
  text,
  length: text.length,
  rule: "readability",
});

const TEASER_EN =
  "Governments and regulated industries are moving AI workloads back into their own data centres.";
const TEASER_ZH = "各国政府和受监管行业正在把人工智能工作负载迁回自己的数据中心。";

describe("refusal", () => {
  it.each([
    ["cookie-wall.html", TEASER_EN, "cookie wall"],
    ["cookie-wall-zh.html", TEASER_ZH, "cookie wall"],
    ["paywall.html", TEASER_EN, "paywall"],
    ["paywall-zh.html", TEASER_ZH, "paywall"],
    ["login.html", TEASER_EN, "login page"],
    ["error.html", TEASER_EN, "error page"],
    ["error-zh.html", TEASER_ZH, "error page"],
  ])("refuses %s as a %s", (file, teaser, why) => {
    expect(refusal(extract(file), teaser)).toBe(why);
  });

  it("uses a real article, even one that mentions cookies, passwords and subscribers", () => {
    const a = extract("story.html");
    expect(refusal(a, "Exec plugins let kubectl obtain credentials from an external command.")).toBeNull();
    const body =
      "Browsers will stop sending third-party cookies next year, and the consent banners that ask readers to accept all cookies will change with them. ".repeat(
        3,
      ) +
      "Sites that sign in their users with a password stored in a cookie are not affected, the team said; subscribers of paid newsletters will not notice. ".repeat(
        8,
      );
    expect(refusal(article(body), TEASER_EN)).toBeNull();
  });

  it("uses a Chinese article several times longer than its teaser", () => {
    const body =
      "各国政府和受监管行业正在把人工智能工作负载迁回自己的数据中心，原因不只是成本。数据主权、出口管制和模型可审计性共同推动了本地部署的增长。".repeat(
        4,
      );
    expect(refusal(article(body), TEASER_ZH)).toBeNull();
  });

  it("refuses a page no longer than the teaser, or barely longer", () => {
    expect(refusal(article(TEASER_EN), TEASER_EN)).toBe("too short");
    expect(refusal(article(`${TEASER_EN} Read more on our site today.`), TEASER_EN)).toBe("too short");
    expect(refusal(article(TEASER_ZH), TEASER_ZH)).toBe("too short");
    const longTeaser = "A teaser sentence that goes on for a while. ".repeat(20);
    expect(refusal(article(`${longTeaser} One more line.`), longTeaser)).toBe("too short");
  });

  it("refuses a tiny page even without a teaser, and uses a real one", () => {
    expect(refusal(article("Loading…"), "")).toBe("too short");
    expect(refusal(article("A paragraph of actual reporting with details. ".repeat(6)), "")).toBeNull();
  });

  it("judges markers in the title too", () => {
    const text =
      "Sorry, we could not find what you asked for. Try the search box or the home page for the latest stories.";
    expect(refusal(article(text, "404 Not Found"), "")).toBe("error page");
  });
});
