/** Handlebars rendering of drafts: the one file that imports handlebars; errors become `path:line:col: message`. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { AppError } from "../errors.ts";
import { truncateAtSentence } from "../sentences.ts";
import { formatDate } from "./dates.ts";
import { yamlValue } from "./frontmatter.ts";
import { routeOutputs } from "./route-outputs.ts";
import { mdEscape, safeUrl, siteText } from "./text.ts";
import type { DigestView } from "./view.ts";

/** A compiled template and where it came from (a digest's by default; also the PR body's). */
export interface Template<V = DigestView> {
  path: string;
  render(view: V): string;
}

/** The built-in template for a language: zh* → digest.zh-CN.md.hbs, everything else → digest.en.md.hbs. */
export function builtinTemplate(language: string): string {
  const name = language.toLowerCase().startsWith("zh") ? "digest.zh-CN.md.hbs" : "digest.en.md.hbs";
  return fileURLToPath(new URL(`../../templates/${name}`, import.meta.url));
}

/** A helper's result that is inert in the site as it is (yamlValue()'s): siteText leaves it alone. */
class InertText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

function helpers(tz: string, language: string): Handlebars.HelperDeclareSpec {
  const plain = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    md: (v: unknown) => mdEscape(plain(v)),
    url: (v: unknown) => safeUrl(plain(v)),
    yaml: (v: unknown) => new InertText(yamlValue(v)),
    truncate: (v: unknown, max: unknown) => truncateAtSentence(plain(v), Number(max)),
    date: (v: unknown, style: unknown) =>
      formatDate(plain(v), tz, language, typeof style === "string" ? style : "long"),
    join: (list: unknown, sep: unknown) =>
      Array.isArray(list) ? list.map(plain).join(typeof sep === "string" ? sep : ", ") : "",
    links: (list: unknown, sep: unknown) =>
      Array.isArray(list)
        ? list
            .map(
              (s: { name?: string; title?: string; link?: string }) =>
                `[${mdEscape(plain(s.name ?? s.title))}](${safeUrl(s.link)})`,
            )
            .join(typeof sep === "string" ? sep : ", ")
        : "",
    eq: (a: unknown, b: unknown) => a === b,
  };
}

/** For each helper call in a template, by "line:column", the source text of its parameters. */
interface Param {
  name: string;
  loc: hbs.AST.SourceLocation | undefined;
}

function paramNames(ast: hbs.AST.Program): Map<string, Param[]> {
  const out = new Map<string, Param[]>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === "object") {
      const n = node as {
        params?: { original?: unknown; type: string; loc?: hbs.AST.SourceLocation }[];
        loc?: hbs.AST.SourceLocation;
      };
      if (n.params && n.loc) {
        out.set(
          `${n.loc.start.line}:${n.loc.start.column}`,
          n.params.map((p) => ({ name: typeof p.original === "string" ? p.original : p.type, loc: p.loc })),
        );
      }
      for (const [key, value] of Object.entries(node)) if (key !== "loc") walk(value);
    }
  };
  walk(ast);
  return out;
}

/**
 * Strict mode for helper parameters too: Handlebars' strict mode checks `{{x}}` but passes a
 * missing `{{md x}}` to the helper as undefined, which would render as nothing. The view holds
 * null for absent values, so undefined always means a name the view does not have.
 */
function strictParams(
  declared: Handlebars.HelperDeclareSpec,
  names: Map<string, Param[]>,
): Handlebars.HelperDeclareSpec {
  const out: Handlebars.HelperDeclareSpec = {};
  for (const [helper, fn] of Object.entries(declared)) {
    out[helper] = (...args: unknown[]) => {
      const options = args.at(-1) as Handlebars.HelperOptions & { loc?: hbs.AST.SourceLocation };
      const missing = args.slice(0, -1).indexOf(undefined);
      if (missing >= 0) {
        const call = options.loc?.start;
        const param = call && names.get(`${call.line}:${call.column}`)?.[missing];
        const at = param?.loc?.start ?? call;
        const name = param?.name ?? `parameter ${missing + 1}`;
        throw Object.assign(
          new Error(
            `unknown variable "${name}" given to ${helper} (\`feedwright template\` lists the variables)`,
          ),
          { lineNumber: at?.line, column: at?.column },
        );
      }
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return out;
}

/** The helper every output goes through (not listed by `feedwright template`: templates never call it). */
const SITE_TEXT = "siteText";

function location(err: unknown, source: string): { line: number; col: number; message: string } {
  const e = err as { message?: string; lineNumber?: number; column?: number };
  const raw = e.message ?? String(err);
  const parse = /^Parse error on line (\d+):\n.*\n(-*)\^\n(.*)$/s.exec(raw);
  if (parse) {
    const line = Number(parse[1]);
    const near = source.split("\n")[line - 1] ?? "";
    return {
      line,
      col: Math.min(near.length, parse[2]!.length) + 1,
      message: `syntax error: ${parse[3]!.replace(/\n/g, " ")}`,
    };
  }
  const message = raw
    .replace(/ - \d+:\d+$/, "")
    .replace(/ in (?:undefined|\[object Object\])$/, "")
    .replace(
      /^"(.+)" not defined$/,
      'unknown variable or helper "$1" (`feedwright template` lists the variables)',
    );
  return { line: e.lineNumber ?? 1, col: (e.column ?? 0) + 1, message };
}

/** Load and compile the template at `path` (strict: an unknown variable is an error). */
export function loadTemplate<V = DigestView>(path: string, tz: string, language: string): Template<V> {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (err) {
    const why =
      (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such template file" : (err as Error).message;
    throw new AppError("TEMPLATE", `${path}:1:1: ${why}`);
  }
  const fail = (err: unknown): never => {
    const loc = location(err, source);
    throw new AppError("TEMPLATE", `${path}:${loc.line}:${loc.col}: ${loc.message}`, { cause: err });
  };
  const hb = Handlebars.create();
  let compiled: Handlebars.TemplateDelegate<V> | undefined;
  try {
    // Unprocessed: compile() applies the whitespace control itself, and must do it only once.
    const ast = hb.parseWithoutProcessing(source);
    // Parameter names are read before routeOutputs adds its calls (which share the mustaches' places).
    hb.registerHelper(strictParams(helpers(tz, language), paramNames(ast)));
    // Not strict: a helper's result (e.g. `lookup` of a missing key) may be undefined; it writes nothing.
    hb.registerHelper(SITE_TEXT, (v: unknown) =>
      v instanceof InertText ? v.text : siteText(v === null || v === undefined ? "" : String(v)),
    );
    routeOutputs(ast, new Set(Object.keys(hb.helpers)), SITE_TEXT);
    compiled = hb.compile<V>(ast, { noEscape: true, strict: true, knownHelpersOnly: false });
  } catch (err) {
    fail(err);
  }
  return {
    path,
    render(view) {
      try {
        return compiled!(view);
      } catch (err) {
        return fail(err);
      }
    },
  };
}
