import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { scorePage, totals } from "../../../bench/extract-score.ts";
import { extractArticle } from "../../../src/reader/article/extract.ts";
import { refusal } from "../../../src/reader/article/refuse.ts";
import { SHARED_DIR } from "../shared-data.ts";

const DIR = join(SHARED_DIR, "extraction");
const HAS_SET = existsSync(join(DIR, "ground-truth.json"));

describe.skipIf(!HAS_SET)(
  "extraction quality on the article-extraction benchmark (../shared/extraction)",
  () => {
    it("the scorer reproduces the published Readability.js figures", () => {
      const truth = JSON.parse(readFileSync(join(DIR, "ground-truth.json"), "utf8"));
      const out = JSON.parse(readFileSync(join(DIR, "reference-outputs/readability_js.json"), "utf8")).output;
      const t = totals(
        Object.keys(truth).map((id) => scorePage(truth[id].articleBody, out[id]?.articleBody ?? "")),
      );
      expect([t.f1, t.precision, t.recall, t.accuracy].map((x) => x.toFixed(4))).toEqual([
        "0.9467",
        "0.9139",
        "0.9820",
        "0.1657",
      ]);
    });

    it("scores F1 >= 0.96 over all 181 pages, and refuses none of these real articles", {
      timeout: 180_000,
    }, () => {
      const truth: Record<string, { articleBody: string; url: string }> = JSON.parse(
        readFileSync(join(DIR, "ground-truth.json"), "utf8"),
      );
      const files = readdirSync(join(DIR, "html")).filter((f) => f.endsWith(".html.gz"));
      expect(files).toHaveLength(181);
      const refused: string[] = [];
      const scores = files.map((f) => {
        const id = f.slice(0, -".html.gz".length);
        const html = gunzipSync(readFileSync(join(DIR, "html", f))).toString("utf8");
        const article = extractArticle(html, { url: truth[id]!.url });
        // Against a teaser of the article's first 200 characters, as a teaser feed would carry.
        const why = article && refusal(article, truth[id]!.articleBody.slice(0, 200));
        if (why) refused.push(`${id}: ${why}`);
        return scorePage(truth[id]!.articleBody, article?.text ?? "");
      });
      expect(totals(scores).f1).toBeGreaterThanOrEqual(0.96);
      expect(refused).toEqual([]);
    });
  },
);

// Only where the benchmark is absent: a skipped test that says why (and none where it is present).
if (!HAS_SET)
  describe("extraction quality", () => {
    it.skip(`needs the benchmark at ${DIR} (../shared/extraction, or $FEEDWRIGHT_SHARED/extraction)`, () => {});
  });
