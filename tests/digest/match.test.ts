import { describe, expect, it } from "vitest";
import { compilePatterns } from "../../src/digest/match.ts";
import { AppError } from "../../src/errors.ts";

describe("compilePatterns keywords", () => {
  it("matches Latin keywords case-insensitively at word boundaries", () => {
    const ai = compilePatterns(["AI"], "tags.ai");
    expect(ai.matches("Sovereign and edge AI drive return to on-premise Kubernetes")).toBe(true);
    expect(ai.matches("How to maintain a Kubernetes cluster")).toBe(false);
    expect(ai.matches("Said the chair")).toBe(false);
    expect(ai.matches("ai-native platforms")).toBe(true);
  });

  it("matches keywords with digits and symbols next to punctuation", () => {
    expect(compilePatterns(["k8s"], "w").matches("Running K8s, again")).toBe(true);
    expect(compilePatterns(["k8s"], "w").matches("k8sgpt released")).toBe(false);
    expect(compilePatterns(["C++"], "w").matches("Modern C++ in 2026")).toBe(true);
    expect(compilePatterns([".NET"], "w").matches("What's new in .NET 10")).toBe(true);
    expect(compilePatterns(["edge AI"], "w").matches("the rise of Edge  AI workloads")).toBe(true);
  });

  it("matches CJK keywords as substrings and folds full-width letters", () => {
    const m = compilePatterns(["安全", "主权AI"], "tags.security");
    expect(m.matches("Kubernetes客户端命令执行插件安全机制更新")).toBe(true);
    expect(m.matches("主权ＡＩ与边缘计算驱动本地部署回归")).toBe(true);
    expect(m.matches("Kubernetes编排与管理工具2026年度综述")).toBe(false);
  });

  it("treats Han next to a Latin keyword as a boundary", () => {
    const k = compilePatterns(["kubernetes", "AI"], "tags.k8s");
    expect(k.matches("Kubernetes客户端命令执行插件")).toBe(true);
    expect(k.matches("主权AI与边缘计算")).toBe(true);
    expect(k.matches("主权MAINTAIN")).toBe(false);
  });

  it("reports which pattern matched, in order", () => {
    const m = compilePatterns(["crypto", "/bitcoin|ethereum/i"], "digests.weekly.exclude");
    expect(m.find("Ethereum ETF approved")).toBe("/bitcoin|ethereum/i");
    expect(m.find("Crypto winter")).toBe("crypto");
    expect(m.find("Kubernetes v1.35")).toBeNull();
  });

  it("matches nothing with no patterns", () => {
    expect(compilePatterns([], "w").matches("anything")).toBe(false);
  });
});

describe("compilePatterns regexes", () => {
  it("uses the flags as written and ignores g/y so repeated calls agree", () => {
    const cve = compilePatterns(["/CVE-\\d{4}-\\d+/g"], "tags.security");
    expect(cve.matches("Fix for CVE-2026-1234")).toBe(true);
    expect(cve.matches("Fix for CVE-2026-1234")).toBe(true);
    expect(cve.matches("fix for cve-2026-1234")).toBe(false);
    expect(compilePatterns(["/^kubernetes v1\\.3\\d/i"], "w").matches("Kubernetes v1.35: Timbernetes")).toBe(
      true,
    );
  });

  it("throws one CONFIG line naming where and the pattern for a bad regex", () => {
    let caught: unknown;
    try {
      compilePatterns(["ok", "/bad(/"], "feeds.yaml: tags.security");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const err = caught as AppError;
    expect(err.code).toBe("CONFIG");
    expect(err.message).toMatch(
      /^feeds\.yaml: tags\.security: \/bad\(\/: invalid regular expression \(.+\)$/,
    );
    expect(err.message).not.toContain("\n");
  });

  it("reports unknown flags whole", () => {
    expect(() => compilePatterns(["/kubernetes/x"], "tags.k8s")).toThrow(
      /^tags\.k8s: \/kubernetes\/x: invalid regular expression \(Invalid flags.*'x'\)$/,
    );
  });

  it("rejects an empty keyword", () => {
    expect(() => compilePatterns(["  "], "feeds[0].include")).toThrow(/feeds\[0\]\.include: empty pattern/);
  });
});
