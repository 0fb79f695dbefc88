import { describe, expect, it } from "vitest";
import { canonicalUrl, preferredLink, TRACKING_PARAMS } from "../../src/reader/canonical.ts";

describe("canonicalUrl", () => {
  it("lower-cases scheme and host but keeps the path's case", () => {
    expect(canonicalUrl("HTTPS://WWW.ComputerWeekly.com/News/366637421/Sovereign-AI")).toBe(
      "https://www.computerweekly.com/News/366637421/Sovereign-AI",
    );
  });

  it("drops default ports and fragments, keeps other ports", () => {
    expect(canonicalUrl("http://example.com:80/a#comments")).toBe("http://example.com/a");
    expect(canonicalUrl("https://example.com:443/a#x")).toBe("https://example.com/a");
    expect(canonicalUrl("https://example.com:8443/a")).toBe("https://example.com:8443/a");
  });

  it("removes utm_* and the documented tracking parameters, keeping others in order", () => {
    const url =
      "https://kubernetes.io/blog/post/?utm_source=rss&page=2&fbclid=abc&UTM_Medium=x&gclid=1&lang=zh&mc_cid=9&mc_eid=8&_hsenc=p&_hsmi=q&igshid=z&spm=a.b&ref_src=twsrc";
    expect(canonicalUrl(url)).toBe("https://kubernetes.io/blog/post/?page=2&lang=zh");
  });

  it("removes every listed parameter and the whole '?' when nothing is left", () => {
    for (const p of TRACKING_PARAMS) {
      expect(canonicalUrl(`https://e.com/x?${p}=1`), p).toBe("https://e.com/x");
    }
    expect(canonicalUrl("https://e.com/x?pk_campaign=a&mtm_kwd=b")).toBe("https://e.com/x");
  });

  it("keeps parameters it does not know, byte for byte (no re-encoding)", () => {
    expect(canonicalUrl("https://e.com/s?q=a%20b&tag=c+d&ref=main")).toBe(
      "https://e.com/s?q=a%20b&tag=c+d&ref=main",
    );
  });

  it("accepts extra names and `prefix*` patterns from config", () => {
    expect(canonicalUrl("https://mp.weixin.qq.com/s?sn=1&scene=21&chksm=x", ["scene", "chk*"])).toBe(
      "https://mp.weixin.qq.com/s?sn=1",
    );
  });

  it("gives the same URL for the same story reached through different campaigns", () => {
    const a = canonicalUrl("https://www.portainer.io/blog/k8s-tools?utm_source=newsletter#top");
    const b = canonicalUrl("https://WWW.portainer.io:443/blog/k8s-tools?fbclid=IwAR0");
    expect(a).toBe(b);
  });

  it("returns null for relative, non-http(s) and malformed URLs", () => {
    for (const bad of [
      "/blog/post",
      "example.com/rss",
      "//example.com/x",
      "ftp://e.com/f",
      "mailto:a@b.c",
      "",
      "http://",
    ]) {
      expect(canonicalUrl(bad), bad).toBeNull();
    }
  });
});

describe("canonicalUrl with a feed's own tracking parameters", () => {
  // The predicate for a list is built once and kept: each list must still get its own answer.
  it("applies each list to the URLs given with it, whichever came first", () => {
    const u = "https://e.com/a?src=1&cmp=2&utm_x=3&k=4";
    const bySrc = ["src"];
    const byCmp = ["CMP", "k*"];
    for (let i = 0; i < 3; i++) {
      expect(canonicalUrl(u, bySrc)).toBe("https://e.com/a?cmp=2&k=4");
      expect(canonicalUrl(u, byCmp)).toBe("https://e.com/a?src=1");
      expect(canonicalUrl(u)).toBe("https://e.com/a?src=1&cmp=2&k=4");
      expect(canonicalUrl(u, [])).toBe("https://e.com/a?src=1&cmp=2&k=4");
    }
  });
});

describe("preferredLink", () => {
  it("prefers the story's own URL over the feed's proxy link", () => {
    expect(
      preferredLink({
        link: "http://feeds.feedburner.com/~r/example/~3/abc/",
        sourceUrl: "https://example.com/2026/01/story",
      }),
    ).toBe("https://example.com/2026/01/story");
  });

  it("falls back to the link when the source URL is missing or unusable", () => {
    expect(preferredLink({ link: "https://e.com/a", sourceUrl: null })).toBe("https://e.com/a");
    expect(preferredLink({ link: "https://e.com/a" })).toBe("https://e.com/a");
    expect(preferredLink({ link: "https://e.com/a", sourceUrl: "/relative" })).toBe("https://e.com/a");
    expect(preferredLink({ link: null, sourceUrl: null })).toBeNull();
  });
});
