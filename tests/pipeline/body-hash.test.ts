import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bodyHash } from "../../src/pipeline/body-hash.ts";
import type { ParseJob } from "../../src/pipeline/parse-worker.ts";
import { VERSION } from "../../src/version.ts";

const job = (over: Partial<ParseJob> = {}): ParseJob => ({
  bytes: new TextEncoder().encode("<rss><channel><item><title>a</title></item></channel></rss>"),
  baseUrl: "https://blog.example/feed.xml",
  contentType: "application/rss+xml",
  feedId: "f0",
  now: 0,
  trackingParams: ["utm_source"],
  ...over,
});

describe("bodyHash: when the same bytes may skip parsing", () => {
  it("is equal for the same bytes read the same way, at any time and for any feed id", () => {
    expect(bodyHash(job())).toBe(bodyHash(job({ now: 1e12, feedId: "other" })));
  });

  it("changes with the bytes, the base URL, the content type and the tracking parameters", () => {
    const base = bodyHash(job());
    expect(bodyHash(job({ bytes: new TextEncoder().encode("<rss/>") }))).not.toBe(base);
    expect(bodyHash(job({ baseUrl: "https://blog.example/other/feed.xml" }))).not.toBe(base);
    expect(bodyHash(job({ contentType: "text/xml" }))).not.toBe(base);
    expect(bodyHash(job({ trackingParams: [] }))).not.toBe(base);
  });

  it("never matches what another feedwright version stored, whose parser may have read the bytes differently", () => {
    const j = job();
    const as = (version: string) =>
      createHash("sha256")
        .update(`${version}\n${j.baseUrl}\n${j.contentType}\n${j.trackingParams!.join(",")}\n`)
        .update(j.bytes)
        .digest("base64url");
    expect(bodyHash(j)).toBe(as(VERSION));
    expect(bodyHash(j)).not.toBe(as(`${VERSION}-older`));
  });
});
