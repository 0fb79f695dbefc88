/** Handlebars rendering of drafts: the one file that imports handlebars; errors become `path:line:col: message`. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { AppError } from "../errors.ts";
import { formatDate } from "./dates.ts";
import { yamlValue } from "./frontmatter.ts";
import { mdEscape, safeUrl, siteText, truncateAtSentence } from "./text.ts";
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

function helpers(tz: string, language: string): Handlebars.HelperDeclareSpec {
  const plain = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    md: (v: unknown) => mdEscape(plain(v)),
    url: (v: unknown) => safeUrl(plain(v)),
    yaml: (v: unknown) => yamlValue(v),
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
    [SITE_TEXT]: (v: unknown) => siteText(plain(v)),
  };
}

/** The helper every output goes through (not listed by `feedwright template`: templates never call it). */
const SITE_TEXT = "siteText";

/**
 * Route what every `{{…}}` and `{{{…}}}` writes through siteText(), so feed and model text is inert
 * in the editor's site (Liquid, Hugo shortcodes, bidi controls, comment ends) in any template,
 * custom ones included, while the template's own text (which may be Liquid on purpose) is left
 * alone. `{{x}}` becomes `{{siteText x}}` and `{{h a b}}` becomes `{{siteText (h a b)}}`. A moved
 * variable keeps strict mode's "not defined" error: the compiler marks bare mustache paths
 * `strict`, and marking the argument the same way keeps that check.
 */
function routeOutputs(program: hbs.AST.Program | null | undefined, helperNames: ReadonlySet<string>): void {
  if (!program) return;
  program.body = program.body.map((st) => {
    if (st.type === "MustacheStatement") return throughSiteText(st as hbs.AST.MustacheStatement, helperNames);
    const block = st as Partial<hbs.AST.BlockStatement>;
    routeOutputs(block.program, helperNames);
    routeOutputs(block.inverse, helperNames);
    return st;
  });
}

function throughSiteText(
  m: hbs.AST.MustacheStatement,
  helperNames: ReadonlySet<string>,
): hbs.AST.MustacheStatement {
  const path = m.path as hbs.AST.PathExpression;
  const isPath = path.type === "PathExpression";
  const call =
    m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || (isPath && helperNames.has(path.original));
  let value: hbs.AST.Expression = path;
  if (call) {
    value = {
      type: "SubExpression",
      path,
      params: m.params,
      hash: m.hash,
      loc: m.loc,
    } as hbs.AST.SubExpression;
  } else if (isPath) {
    (path as hbs.AST.PathExpression & { strict?: boolean }).strict = true;
  }
  const helper: hbs.AST.PathExpression = {
    type: "PathExpression",
    data: false,
    depth: 0,
    parts: [SITE_TEXT],
    original: SITE_TEXT,
    loc: m.loc,
  };
  return { ...m, path: helper, params: [value], hash: undefined as unknown as hbs.AST.Hash };
}

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
  hb.registerHelper(helpers(tz, language));
  let compiled: Handlebars.TemplateDelegate<V> | undefined;
  try {
    // Unprocessed: compile() applies the whitespace control itself, and must do it only once.
    const ast = hb.parseWithoutProcessing(source);
    routeOutputs(ast, new Set(Object.keys(hb.helpers)));
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
