import { describe, expect, it } from "vitest";
import { compileTagRules, tagEntry } from "../../src/digest/tag.ts";

const rules = compileTagRules({
  kubernetes: ["kubernetes", "k8s", "/\\bkubectl\\b/i"],
  security: ["security", "CVE", "安全"],
  "sovereign-ai": "sovereign AI",
  ai: ["AI", "人工智能"],
});

describe("tagEntry", () => {
  it("puts feed tags first, then rule tags in rule order, each once", () => {
    const tags = tagEntry(
      {
        title: "Sovereign and edge AI drive return to on-premise Kubernetes",
        summary: "Control of sensitive data and GPU performance push K8s back into the data centre.",
        categories: ["News"],
      },
      rules,
      ["cloud-native", "kubernetes"],
    );
    expect(tags).toEqual(["cloud-native", "kubernetes", "ai"]);
  });

  it("does not tag 'maintain' as AI and matches Chinese keywords as substrings", () => {
    expect(
      tagEntry({ title: "How we maintain 500 clusters", summary: "", categories: [] }, rules, []),
    ).toEqual([]);
    expect(
      tagEntry({ title: "Kubernetes客户端命令执行插件安全机制更新", summary: "", categories: [] }, rules, []),
    ).toEqual(["kubernetes", "security"]);
  });

  it("matches in categories and maps categories to tags case-insensitively", () => {
    const tags = tagEntry(
      { title: "Weekly notes", summary: "", categories: ["Security", "Cloud Native"] },
      rules,
      [],
      { "cloud native": "cloud-native", security: "security" },
    );
    expect(tags).toEqual(["security", "cloud-native"]);
  });

  it("changes with the rules alone (tags are computed at draft time)", () => {
    const entry = { title: "Portainer on Kubernetes orchestration tools", summary: "", categories: [] };
    expect(tagEntry(entry, compileTagRules({ tools: ["portainer"] }), [])).toEqual(["tools"]);
    expect(tagEntry(entry, compileTagRules({ tools: ["helm"] }), [])).toEqual([]);
  });

  it("names the rule in a bad-pattern error", () => {
    expect(() => compileTagRules({ security: ["/cve-(/"] }, "feeds.yaml: tags")).toThrow(
      /^feeds\.yaml: tags\.security: \/cve-\(\/: invalid regular expression/,
    );
  });
});
