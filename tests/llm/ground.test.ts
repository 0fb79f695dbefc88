import { describe, expect, it } from "vitest";
import { checkText, grounds, wrongLanguage } from "../../src/llm/ground.ts";

const SOURCE = `Kubernetes v1.35.2 fixes CVE-2026-1234 in the kubelet.
Portainer reports 1,000 clusters migrated since January 14, with two regions and 60% less downtime.
See https://kubernetes.io/blog/2026/01/14/ for details.`;
const g = grounds(SOURCE, { "sovereign AI": "主权AI", cluster: "集群" });
const zh = (text: string) => checkText(text, text, g, "zh-CN");
const en = (text: string) => checkText(text, text, g, "en");

describe("grounding", () => {
  it("accepts numbers, versions, dates and names the source states, however they are written", () => {
    expect(zh("Kubernetes 1.35版本修复了CVE-2026-1234漏洞")).toBeNull();
    expect(zh("Portainer报告自1月14日以来已迁移1000个集群，停机时间减少60%，涉及2个区域")).toBeNull();
    expect(zh("主权AI推动本地部署")).toBeNull();
    expect(zh("kubelet中的问题已修复")).toBeNull();
    expect(zh("Portainer迁移了１０００个集群")).toBeNull(); // full-width digits
  });

  it("accepts a number written against its unit, and checks names that start with a digit", () => {
    const units = grounds("The 5G edge nodes carry 100 GB of cache.");
    expect(checkText("5G边缘节点带有100GB缓存", "5G边缘节点带有100GB缓存", units, "zh-CN")).toBeNull();
    expect(checkText("4G节点", "4G节点", units, "zh-CN")).toBe('"4" not in source');
    expect(checkText("节点使用5GB缓存", "节点使用5GB缓存", units, "zh-CN")).toBe('"5GB" not in source');
  });

  it("rejects an invented number, version, CVE id, name or link, naming it", () => {
    expect(zh("Kubernetes v1.99发布")).toBe('"v1.99" not in source');
    expect(zh("Portainer迁移了5000个集群")).toBe('"5000" not in source');
    expect(zh("修复了CVE-2025-9999漏洞")).toBe('"CVE-2025-9999" not in source');
    expect(zh("Docker与Kubernetes集成")).toBe('"Docker" not in source');
    const raw = "详见[说明](https://evil.example/x)";
    expect(checkText(raw, "详见说明", g, "zh-CN")).toBe('link "https://evil.example/x" not in source');
    expect(checkText("详见 https://kubernetes.io/blog/2026/01/14/", "详见", g, "zh-CN")).toBeNull();
  });

  it("in a Latin-script text checks names, not ordinary words", () => {
    expect(en("The release fixes a kubelet bug reported by Portainer.")).toBeNull();
    expect(en("Operators should upgrade; Docker users too.")).toBe('"Docker" not in source');
    expect(en("Upgrade to H100 nodes.")).toBe('"H100" not in source');
  });
});

describe("language", () => {
  it("zh-CN means mostly Han characters; names and versions inside Chinese are fine", () => {
    expect(wrongLanguage("Kubernetes v1.35 发布", "zh-CN")).toBeNull();
    expect(wrongLanguage("Kubernetes客户端命令执行插件安全机制更新", "zh-CN")).toBeNull();
    expect(wrongLanguage("Kubernetes ships a new release", "zh-CN")).toBe(
      "not written in zh-CN (no Han characters)",
    );
    expect(wrongLanguage("Kubernetes ships a new release with 安全 fixes", "zh-CN")).toBe(
      "not written in zh-CN (too few Han characters)",
    );
  });

  it("a Latin-script digest refuses an answer in Chinese", () => {
    expect(wrongLanguage("A new Kubernetes release", "en")).toBeNull();
    expect(wrongLanguage("这是一个新的版本发布说明", "en")).toBe("not written in en (mostly CJK characters)");
  });

  it("empty text is refused", () => {
    expect(zh("  ")).toBe("empty");
  });
});
