import { describe, expect, it } from "vitest";
import { stripSiteAffixes, stripSummaryBoilerplate } from "../../src/digest/affixes.ts";
import { hashString } from "../../src/digest/minhash.ts";
import { scanHashes, scanText, titleNumbers, tokenize } from "../../src/digest/tokenize.ts";

describe("tokenize", () => {
  it("splits Latin text into lower-cased words without stopwords", () => {
    expect(tokenize("Sovereign and edge AI drive return to on-premise Kubernetes")).toEqual([
      "sovereign",
      "edge",
      "ai",
      "drive",
      "return",
      "premise",
      "kubernetes",
    ]);
  });

  it("applies NFKC, so full-width letters and digits are ordinary ones", () => {
    expect(tokenize("ＡＩ　Ｋｕｂｅｒｎｅｔｅｓ　１．３５")).toEqual(["ai", "kubernetes", "1.35"]);
  });

  it("keeps versions whole and reads v1.35 as 1.35", () => {
    expect(tokenize("Kubernetes v1.35 and Go 1.25.3")).toEqual(["kubernetes", "1.35", "go", "1.25.3"]);
  });

  it("turns Han runs into overlapping character bigrams and keeps Latin words inside them", () => {
    expect(tokenize("主权AI与边缘计算")).toEqual(["主权", "ai", "与边", "边缘", "缘计", "计算"]);
  });

  it("gives all-Chinese titles tokens, and different ones for different stories", () => {
    const a = tokenize("百度发布文心大模型");
    const b = tokenize("寒武纪推出云端芯片");
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((t) => b.includes(t))).toEqual([]);
  });

  it("handles Kana, Hangul, Cyrillic and astral Han", () => {
    expect(tokenize("リリース")).toEqual(["リリ", "リー", "ース"]);
    expect(tokenize("쿠버네티스")).toEqual(["쿠버", "버네", "네티", "티스"]);
    expect(tokenize("Новый релиз")).toEqual(["новый", "релиз"]);
    expect(tokenize("𠀀𠀁中")).toEqual(["𠀀𠀁", "𠀁中"]);
  });

  it("stops after maxTokens", () => {
    expect(scanText("one two three four five", 3).tokens).toEqual(["one", "two", "three"]);
  });
});

describe("scanText names", () => {
  it("finds capitalized words inside sentence-case text and inner capitals anywhere", () => {
    const { names } = scanText(
      "IBM said on Tuesday it had closed its acquisition of Confluent, the DataStax rival.",
    );
    expect(names).toEqual(expect.arrayContaining(["ibm", "tuesday", "confluent", "datastax"]));
    expect(names).not.toContain("said");
  });

  it("does not read capitals in a Title Case Headline as names", () => {
    expect(scanText("Linux 6.18 Released With Rust Binder And More").names).toEqual([]);
  });

  it("treats Latin words in Chinese text as names and builds acronyms", () => {
    expect(scanText("阿里云发布Qwen大模型").names).toEqual(["qwen"]);
    expect(scanText("An outage at Amazon Web Services in us-east-1").acronyms).toContain("aws");
  });
});

describe("stripSiteAffixes", () => {
  it.each([
    [
      "Sovereign and edge AI drive return to on-premise Kubernetes | Computer Weekly",
      "Sovereign and edge AI drive return to on-premise Kubernetes",
    ],
    ["Kubernetes v1.35: Timbernetes - Kubernetes Blog", "Kubernetes v1.35: Timbernetes"],
    ["AWS outage takes down DynamoDB and Lambda — The Register", "AWS outage takes down DynamoDB and Lambda"],
    ["Linux 6.18 released with Rust Binder [LWN.net]", "Linux 6.18 released with Rust Binder"],
    ["阿里云发布通义千问3.0大模型（来源：新华网）", "阿里云发布通义千问3.0大模型"],
    ["【36氪】阿里云发布通义千问3.0大模型", "阿里云发布通义千问3.0大模型"],
    ["字节跳动发布豆包大模型1.5_新浪科技_新浪网", "字节跳动发布豆包大模型1.5"],
    ["Kubernetes客户端命令执行插件安全机制更新 - InfoQ", "Kubernetes客户端命令执行插件安全机制更新"],
  ])("%s", (input, expected) => {
    expect(stripSiteAffixes(input)).toBe(expected);
  });

  it("keeps series numbers and titles that would be left too short", () => {
    expect(stripSiteAffixes("Building a platform team - Part 2")).toBe("Building a platform team - Part 2");
    expect(stripSiteAffixes("Go 1.25 - Release notes")).toBe("Go 1.25 - Release notes");
    expect(stripSiteAffixes("【独家】融资")).toBe("【独家】融资");
  });
});

describe("stripSummaryBoilerplate", () => {
  it("drops WordPress footers, read-more links and republishing credits", () => {
    expect(stripSummaryBoilerplate("Lede here. The post Foo appeared first on The New Stack.")).toBe(
      "Lede here.",
    );
    expect(stripSummaryBoilerplate("Lede here. Continue reading on Medium »")).toBe("Lede here.");
    expect(stripSummaryBoilerplate("阿里云今天发布了新模型。本文来源：36氪")).toBe(
      "阿里云今天发布了新模型。",
    );
  });
});

describe("titleNumbers", () => {
  it("keeps versions, ids and amounts but not years or names with digits", () => {
    expect(titleNumbers(tokenize("CVE-2026-22036 in runc 1.3.4 on k8s costs $32bn"))).toEqual([
      "22036",
      "1.3.4",
      "32",
    ]);
  });
});

describe("scanHashes", () => {
  it.each([
    "IBM said on Tuesday it had closed its acquisition of Confluent, the DataStax rival.",
    "Kubernetes v1.35: Timbernetes (The World Tree Release)",
    "阿里云发布通义千问Qwen3.5，开源旗舰模型性能比肩闭源",
    "Kubernetes 1.35がリリース、쿠버네티스 Новый РЕЛИЗ Ωμέγα ΟΔΟΣ",
    "𠀀𠀁中 and İstanbul Straße ＡＩ",
    "An outage at Amazon Web Services in us-east-1 hit DynamoDB",
  ])("gives hashString() of every token and name scanText finds: %s", (text) => {
    const strings = scanText(text);
    const hashes = scanHashes(text);
    expect(hashes.tokens).toEqual(strings.tokens.map(hashString));
    expect(hashes.names).toEqual(strings.names.map(hashString));
    expect(hashes.acronyms).toEqual(strings.acronyms);
  });
});
