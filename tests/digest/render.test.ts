import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadTemplate } from "../../src/digest/render.ts";
import { runCli, tempConfig } from "../support/cli.ts";
import { has } from "../support/site.ts";

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

  it("reports an unknown bare variable as path:line:col, like a dotted one", () => {
    const { dir } = tempConfig("");
    const path = tpl(dir, "# {{title}}\n{{nmae}}\n");
    const t = loadTemplate(path, "UTC", "en");
    expect(() => t.render({ title: "x" } as never)).toThrow(`${path}:2:3: unknown variable or helper "nmae"`);
  });

  it("makes whatever any {{…}} writes inert in the site, and leaves the template's own text alone", () => {
    const { dir } = tempConfig("");
    const hostile =
      "{{ site.secret_token }} {% raw %} {{< param secret >}} {{% param s %}} \u202eRLO --> end";
    const path = tpl(
      dir,
      [
        "\\{{ site.title }} {% include head.html %}",
        "bare: {{title}}",
        "triple: {{{title}}}",
        "each: {{#each tags}}{{this}};{{/each}}",
        'join: {{join tags ", "}}',
        "truncate: {{truncate title 200}}",
        "yaml: {{yaml title}}",
        "md: {{md title}}",
        "url: {{url link}}",
        "sub: {{md (truncate title 200)}}",
        "if: {{#if title}}{{title}}{{else}}none{{/if}}",
      ].join("\n"),
    );
    const out = loadTemplate(path, "UTC", "en").render({
      title: hostile,
      tags: [hostile, "plain"],
      link: "https://example.org/?q={{site.secret_token}}",
    } as never);
    const lines = out.split("\n");
    // A template may hold Liquid on purpose (Handlebars' \{{ writes {{ as is).
    expect(lines[0]).toBe("{{ site.title }} {% include head.html %}");
    const inert =
      "&#123;&#123; site.secret_token &#125;&#125; &#123;% raw %&#125; &#123;&#123;< param secret >&#125;&#125; &#123;&#123;% param s %&#125;&#125; RLO --&gt; end";
    expect(lines[1]).toBe(`bare: ${inert}`);
    expect(lines[2]).toBe(`triple: ${inert}`);
    expect(lines[3]).toBe(`each: ${inert};plain;`);
    expect(lines[4]).toBe(`join: ${inert}, plain`);
    expect(lines[5]).toBe(`truncate: ${inert}`);
    expect(lines[6]).toBe(
      'yaml: "\\x7B\\x7B site.secret_token \\x7D\\x7D \\x7B% raw %\\x7D \\x7B\\x7B< param secret >\\x7D\\x7D \\x7B\\x7B% param s %\\x7D\\x7D RLO --\\x3E end"',
    );
    const md =
      "&#123;&#123; site.secret\\_token &#125;&#125; &#123;% raw %&#125; &#123;&#123;\\< param secret \\>&#125;&#125; &#123;&#123;% param s %&#125;&#125; RLO --\\> end";
    expect(lines[7]).toBe(`md: ${md}`);
    expect(lines[8]).toBe("url: https://example.org/?q=%7B%7Bsite.secret_token%7D%7D");
    expect(lines[9]).toBe(`sub: ${md}`);
    expect(lines[10]).toBe(`if: ${inert}`);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/\{|\}|\u202e|-->/);
  });

  it("writes YAML with {{yaml x}} that reads back as the values, objects too, and is inert", () => {
    const { dir } = tempConfig("");
    const path = tpl(dir, "---\ntitle: {{yaml title}}\nextra: {{yaml extra}}\ntags: {{yaml tags}}\n---\n");
    const hostile = "{{ site.secret_token }} {%raw%} {{< param s >}} --> end";
    const view = {
      title: hostile,
      extra: { id: "w", nested: { t: hostile }, empty: {} },
      tags: [hostile, "b"],
    };
    const out = loadTemplate(path, "UTC", "en").render(view as never);
    expect(out).not.toMatch(/\{\{|\{%|-->/);
    // Both YAML readers of the sites: YAML 1.2 (Hugo, the yaml package) and Psych (Jekyll).
    expect(parseYaml(out.split("---\n")[1]!)).toEqual(view);
    if (has("ruby")) {
      const json = execFileSync(
        "ruby",
        ["-ryaml", "-rjson", "-e", "puts JSON.generate(YAML.safe_load(STDIN.read))"],
        {
          input: out.split("---\n")[1]!,
        },
      ).toString();
      expect(JSON.parse(json)).toEqual(view);
    }
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
