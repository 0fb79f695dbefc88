/**
 * A rewrite of a parsed Handlebars template (types only; render.ts holds the library) that sends
 * what every mustache writes through one helper: how feed and model text is kept inert in the site.
 */

/**
 * Route what every `{{…}}` and `{{{…}}}` of `program` writes through the helper `helper` (render.ts
 * registers siteText()), so feed and model text is inert in the editor's site (Liquid, Hugo
 * shortcodes, bidi controls, comment ends) in any template, custom ones included, while the
 * template's own text (which may be Liquid on purpose) is left alone. `{{x}}` becomes
 * `{{helper x}}` and `{{h a b}}` becomes `{{helper (h a b)}}`; `helperNames` tells a call without
 * arguments (`{{h}}`) from a variable. A moved variable keeps strict mode's "not defined" error:
 * the compiler marks the path of a bare mustache `strict`, and marking the argument the same way
 * keeps that check (tests/digest/render.test.ts fails if a Handlebars upgrade changes it).
 */
export function routeOutputs(
  program: hbs.AST.Program | null | undefined,
  helperNames: ReadonlySet<string>,
  helper: string,
): void {
  if (!program) return;
  program.body = program.body.map((st) => {
    if (st.type === "MustacheStatement") return through(st as hbs.AST.MustacheStatement, helperNames, helper);
    // Blocks, `else` branches and partial blocks: their own programs hold more mustaches.
    const block = st as Partial<hbs.AST.BlockStatement>;
    routeOutputs(block.program, helperNames, helper);
    routeOutputs(block.inverse, helperNames, helper);
    return st;
  });
}

function through(
  m: hbs.AST.MustacheStatement,
  helperNames: ReadonlySet<string>,
  helper: string,
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
  const head: hbs.AST.PathExpression = {
    type: "PathExpression",
    data: false,
    depth: 0,
    parts: [helper],
    original: helper,
    loc: m.loc,
  };
  return { ...m, path: head, params: [value], hash: undefined as unknown as hbs.AST.Hash };
}
