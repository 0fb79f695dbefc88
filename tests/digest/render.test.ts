import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplate } from "../../src/digest/render.ts";
import { runCli, tempConfig } from "../support/cli.ts";

const tpl = (dir: string, text: string) => {
  const path = join(dir, "t.hbs");
  writeFileSync(path, text);
  return path;
};

describe("templates", () => {
  it("reports a syntax error as path:line:col", () => {
    const { dir } = tempConfig("");
    const path = tpl(dir, "# {{title}}\n\n{{#each items}\n");
    expect(() => loadTemplate(path, "UTC", "en")).toThrow(new RegExp(`^${path}:3:\\d+: syntax error: `));
  });

  it("reports an unknown variable (strict mode) as path:line:col", () => {
    const { dir } = tempConfig("");
    const path = tpl(dir, "# {{title}}\n\n  {{digest.nmae}}\n");
    const t = loadTemplate(path, "UTC", "en");
    expect(() => t.render({ title: "x", digest: { id: "a", title: "A", language: "en" } } as never)).toThrow(
      `${path}:3:5: unknown variable or helper "nmae" (\`feedwright template\` lists the variables)`,
    );
  });

  it("reports an unknown variable given to a helper as path:line:col, like a bare one", () => {
    const { dir } = tempConfig("");
    const path = tpl(dir, "# {{title}}\n{{#each items}}\n### {{md title}} {{url nosuchfield}}\n{{/each}}\n");
    const t = loadTemplate(path, "UTC", "en");
    const view = { title: "x", items: [{ title: "t", link: "https://example.com/" }] } as never;
    expect(() => t.render(view)).toThrow(
      `${path}:3:24: unknown variable "nosuchfield" given to url (\`feedwright template\` lists the variables)`,
    );
    const ok = tpl(dir, "# {{title}}\n{{#each items}}\n### {{md title}} {{url link}}\n{{/each}}\n");
    expect(loadTemplate(ok, "UTC", "en").render(view)).toBe("# x\n### t https://example.com/\n");
  });

  it("reports a missing template file", () => {
    expect(() => loadTemplate("/nope/t.hbs", "UTC", "en")).toThrow("/nope/t.hbs:1:1: no such template file");
  });

  it("formats dates in the digest's timezone and language", () => {
    const { dir } = tempConfig("");
    const path = tpl(dir, '{{date date "long"}} · {{date when "time"}}');
    const t = loadTemplate(path, "Asia/Shanghai", "zh-CN");
    expect(t.render({ date: "2026-01-15", when: "2026-01-14T16:05:00Z" } as never)).toBe(
      "2026年1月15日 · 00:05",
    );
  });

  it("`feedwright template` prints the variables a template can use", async () => {
    const { config } = tempConfig(
      'feeds:\n  - { id: a, url: "http://127.0.0.1:9/x" }\ndigests:\n  - { id: weekly, title: Weekly }\n',
    );
    const r = await runCli(["template", "--config", config, "--date", "2026-01-15"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      helpers: Record<string, string>;
      variables: Record<string, unknown>;
    };
    expect(Object.keys(out.helpers)).toEqual(
      expect.arrayContaining(["md", "url", "yaml", "date", "truncate", "join"]),
    );
    expect(out.variables).toMatchObject({
      digest: { id: "weekly", title: "Weekly", language: "en" },
      date: "2026-01-15",
      items: [],
    });
    expect(Object.keys(out.variables)).toEqual(
      expect.arrayContaining(["title", "intro", "sections", "candidates", "tags", "source"]),
    );
  });
});
