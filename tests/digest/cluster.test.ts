import { describe, expect, it } from "vitest";
import { type ClusterInput, clusterStories } from "../../src/digest/cluster.ts";
import { AppError } from "../../src/errors.ts";

const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();

const week: ClusterInput[] = [
  {
    id: "cw",
    feedId: "computerweekly",
    published: at(14, 10),
    title: "Sovereign and edge AI drive return to on-premise Kubernetes",
    summary:
      "While public cloud services remain popular, the need to control sensitive data and get the most out of GPUs is pushing enterprises to run Kubernetes in their own data centres.",
  },
  {
    id: "cw-mirror",
    feedId: "mirror",
    published: at(14, 14),
    title: "Sovereign and edge AI drive return to on-premise Kubernetes | Computer Weekly",
    summary:
      "While public cloud services remain popular, the need to control sensitive data and get the most out of GPUs is pushing enterprises to run Kubernetes in their own data centres.",
  },
  {
    id: "k134",
    feedId: "k8s",
    published: at(15, 9),
    title: "Kubernetes v1.34: Of Wind & Will (O' WaW)",
    summary:
      "Kubernetes v1.34 is out with 58 enhancements, including dynamic resource allocation going stable.",
  },
  {
    id: "k135",
    feedId: "k8s-news",
    published: at(15, 12),
    title: "Kubernetes v1.35: Timbernetes (The World Tree Release)",
    summary: "Kubernetes v1.35 is out with 60 enhancements, including in-place pod resize going stable.",
  },
  {
    id: "qwen",
    feedId: "36kr",
    published: at(15, 2),
    title: "阿里云发布通义千问Qwen3.5，开源旗舰模型性能比肩闭源",
    summary: "阿里云今日发布新一代通义千问Qwen3.5系列模型，并以Apache 2.0协议开源。",
  },
  {
    id: "qwen-sina",
    feedId: "sina",
    published: at(15, 7),
    title: "阿里云发布通义千问Qwen3.5，开源旗舰模型性能比肩闭源_新浪科技_新浪网",
    summary: "阿里云今日发布新一代通义千问Qwen3.5系列模型，并以Apache 2.0协议开源。",
  },
  {
    id: "wenxin",
    feedId: "36kr",
    published: at(15, 3),
    title: "百度发布文心大模型5.0，原生全模态架构",
    summary: "百度在世界大会上发布文心大模型5.0，采用原生全模态统一建模。",
  },
  {
    id: "chip",
    feedId: "ithome",
    published: at(15, 4),
    title: "寒武纪发布思元690芯片，主打大模型推理",
    summary: "寒武纪发布新一代云端AI芯片思元690，面向大模型推理场景。",
  },
];

/** A deterministic shuffle (no Math.random: a failing order must be reproducible). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("clusterStories", () => {
  it("groups a mirror with its original and keeps different stories apart", () => {
    expect(clusterStories(week)).toEqual([
      ["cw", "cw-mirror"],
      ["qwen", "qwen-sina"],
      ["wenxin"],
      ["chip"],
      ["k134"],
      ["k135"],
    ]);
  });

  it("returns the same groups in the same order whatever the input order", () => {
    const expected = clusterStories(week);
    for (let seed = 1; seed <= 20; seed++) expect(clusterStories(shuffled(week, seed))).toEqual(expected);
  });

  it("puts every id in exactly one group", () => {
    const ids = clusterStories(week).flat();
    expect(ids.sort()).toEqual(week.map((e) => e.id).sort());
  });

  it("never merges unrelated all-Chinese titles", () => {
    const zh = week.filter((e) => /[\u4e00-\u9fff]/u.test(e.title) && e.id !== "qwen-sina");
    expect(clusterStories(zh)).toHaveLength(zh.length);
  });

  it("keeps copies further apart than maxDaysApart separate", () => {
    const late = { ...week[1]!, id: "late", published: at(20, 14) };
    const pair = [week[0]!, late];
    expect(clusterStories(pair)).toHaveLength(2);
    expect(clusterStories(pair, { maxDaysApart: 7 })).toEqual([["cw", "late"]]);
  });

  it("needs near-identical titles to merge two entries of one feed", () => {
    const sameFeed = { ...week[1]!, feedId: "computerweekly" };
    expect(clusterStories([week[0]!, sameFeed])).toHaveLength(1);
    const rewrite = {
      ...week[0]!,
      id: "rewrite",
      feedId: "datacenterdyn",
      title: "Sovereign AI pushes enterprises to bring Kubernetes back on-premise",
    };
    expect(clusterStories([week[0]!, rewrite])).toHaveLength(1);
    expect(clusterStories([week[0]!, { ...rewrite, feedId: "computerweekly" }])).toHaveLength(2);
  });

  it("clusters bare headlines by what they share, but never on common words alone", () => {
    const bare = (id: string, feedId: string, title: string): ClusterInput => ({
      id,
      feedId,
      title,
      summary: "",
      published: at(15, 8),
    });
    expect(
      clusterStories([
        bare("a", "lwn", "Linux 6.18 released"),
        bare("b", "aggr", "Linux 6.18 released [LWN.net]"),
      ]),
    ).toEqual([["a", "b"]]);
    // Mostly common headline words with two rare words in common: alike on paper, not one story.
    expect(
      clusterStories([
        bare(
          "c",
          "one",
          "Open source security update and release for cloud data platform tools: widget gasket sprocket hinge",
        ),
        bare(
          "d",
          "two",
          "Cloud data platform: open source security update and new release tools: widget gasket lever pulley",
        ),
      ]),
    ).toHaveLength(2);
  });

  it("clusters a story carried by hundreds of feeds, though its words are then batch-common", () => {
    const copies = Array.from({ length: 300 }, (_, i) => ({
      ...week[0]!,
      id: `copy${String(i).padStart(3, "0")}`,
      feedId: `feed${i}`,
      title: `${week[0]!.title} | Site ${i}`,
    }));
    const groups = clusterStories(copies);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(300);
  });

  it("keeps recurring titles with different contents apart, within one feed or across feeds", () => {
    const digest = (id: string, feedId: string, day: number, summary: string): ClusterInput => ({
      id,
      feedId,
      title: "Kubernetes daily digest",
      summary,
      published: at(day, 8),
    });
    const monday = "Istio ambient mode reaches beta for multicluster; Cilium adds netkit support.";
    const tuesday = "Argo CD 3.2 ships with source hydrator; Flux adds OCI artifact signing.";
    expect(
      clusterStories([digest("a", "daily", 14, monday), digest("b", "daily", 15, tuesday)]),
    ).toHaveLength(2);
    expect(clusterStories([digest("a", "one", 14, monday), digest("b", "two", 14, tuesday)])).toHaveLength(2);
  });

  it("leaves entries with an unparsable date alone, after the dated groups", () => {
    const undated = { ...week[1]!, published: "not a date" };
    expect(clusterStories([week[0]!, undated])).toEqual([["cw"], ["cw-mirror"]]);
  });

  it("handles empty input and rejects duplicate ids", () => {
    expect(clusterStories([])).toEqual([]);
    expect(() => clusterStories([week[0]!, week[0]!])).toThrow(AppError);
  });
});
