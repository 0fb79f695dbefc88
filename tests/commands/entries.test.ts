import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempConfig } from "../support/cli.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/feeds", name));
let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer([
    http.get(
      "*/k8s.xml",
      () =>
        new HttpResponse(fixture("kubernetes.xml"), { headers: { "content-type": "application/rss+xml" } }),
    ),
    http.get(
      "*/cw.xml",
      () =>
        new HttpResponse(fixture("computerweekly.xml"), {
          headers: { "content-type": "application/rss+xml" },
        }),
    ),
  ]);
});
afterAll(() => server.close());

describe("feedwright entries", () => {
  it("lists entries with tags and says why a digest would leave each out", async () => {
    const { config } = tempConfig(`
timezone: Asia/Shanghai
feeds:
  - { id: k8s, url: "${server.url}/k8s.xml", tags: [kubernetes] }
  - { id: cw, url: "${server.url}/cw.xml", include: [kubernetes] }
tags:
  security: [security]
digests:
  - { id: weekly, title: Weekly, maxItems: 1 }
`);
    const env = { FEEDWRIGHT_NOW: "2026-01-15T12:00:00+08:00" };
    expect((await runCli(["fetch", "--config", config], { env })).code).toBe(0);
    const r = await runCli(["entries", "--config", config, "--digest", "weekly", "--json"], { env });
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { title: string; tags: string[]; digest: string });
    const byTitle = Object.fromEntries(rows.map((x) => [x.title, x]));
    expect(Object.keys(byTitle).sort()).toEqual([
      "Kubernetes v1.35: Timbernetes",
      "Retailer signs five-year outsourcing deal",
      "Sovereign and edge AI drive return to on-premise Kubernetes",
      "Uniform API server access using clientcmd",
    ]);
    expect(byTitle["Uniform API server access using clientcmd"]).toMatchObject({
      tags: ["kubernetes", "security"],
      digest: "included",
    });
    expect(byTitle["Retailer signs five-year outsourcing deal"]!.digest).toBe(
      "filtered: matches no include of feed cw",
    );
    expect(byTitle["Kubernetes v1.35: Timbernetes"]!.digest).toBe("below the cut: maxItems 1");

    const tagged = await runCli(["entries", "--config", config, "--tag", "security"], { env });
    expect(tagged.stdout).toContain("Uniform API server access using clientcmd");
    expect(tagged.stdout).not.toContain("Retailer");

    const bad = await runCli(["entries", "--config", config, "--since", "yesterday"], { env });
    expect(bad).toMatchObject({
      code: 2,
      stderr: '--since: must be a whole number of days such as 7d (got "yesterday")\n',
    });
  });
});
