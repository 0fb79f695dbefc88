/** `feedwright init`: set up feedwright in a site repository (or an empty folder) without touching what is there. */
import {
  accessSync,
  constants,
  copyFileSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { builtinTemplate } from "../digest/render.ts";
import { writeAtomic } from "../digest/write.ts";
import { AppError, oneLine } from "../errors.ts";
import { type Command, type CommandContext, flag, str } from "./command.ts";
import {
  detectGitHub,
  detectLayout,
  feedsYaml,
  ignoresStore,
  TEMPLATE_COPY,
  workflowYaml,
} from "./init-files.ts";

const WORKFLOW = ".github/workflows/feedwright.yml";

/** A BCP 47 tag such as en, de, pt-BR or zh-CN, canonicalized; AppError USAGE otherwise. */
function languageOf(value: string | undefined): string {
  const tag = value ?? "en";
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // RangeError: reported below as bad input
  }
  throw new AppError(
    "USAGE",
    `--language: must be a language tag such as en, de or zh-CN (got ${JSON.stringify(tag)})`,
  );
}

/**
 * Create `path` with `text` unless something is there: the text goes to a temp file that is then
 * hard-linked into place, which fails when the name exists, even if it appeared a moment ago.
 */
function createOnly(path: string, write: (tmp: string) => void): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.feedwright-init.${process.pid}.tmp`);
  write(tmp);
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** `.gitignore` gets the store's folder appended (or is created); an entry already there is left alone. */
function ignoreStore(dir: string): string {
  const path = join(dir, ".gitignore");
  let text: string | null = null;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (text !== null && ignoresStore(text)) return "left .gitignore alone (it already ignores .feedwright/)";
  const entry =
    "# feedwright's store (feeds.yaml `store:`); CI keeps it in the Actions cache\n.feedwright/\n";
  if (text === null) {
    if (createOnly(path, (tmp) => writeFileSync(tmp, entry))) return "wrote .gitignore";
    return ignoreStore(dir); // created meanwhile: look again
  }
  writeAtomic(path, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${entry}`);
  return "added .feedwright/ to .gitignore";
}

export const initCommand: Command = {
  name: "init",
  summary: "set up feedwright here: feeds.yaml, a GitHub workflow, .gitignore; never overwrites a file",
  usage: "init [--language LANG] [--template]",
  options: {
    language: {
      type: "string",
      value: "LANG",
      description: "the digest's language, e.g. en, de, zh-CN (default en)",
    },
    template: {
      type: "boolean",
      description: `also copy the built-in digest template to ${TEMPLATE_COPY} for editing`,
    },
  },
  examples: ["feedwright init", "feedwright init --language de --template"],
  async run(ctx: CommandContext) {
    if (ctx.args.length > 0) {
      throw new AppError("USAGE", `init: unexpected argument ${JSON.stringify(ctx.args[0])}`, {
        hint: "run it in the folder to set up",
      });
    }
    const language = languageOf(str(ctx, "language"));
    const dir = ctx.io.cwd;
    try {
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw new AppError("INPUT", `init: cannot write in ${dir}: ${oneLine(err)}`);
    }
    const layout = detectLayout(dir);
    const gh = detectGitHub(dir);
    const template = flag(ctx, "template") ? TEMPLATE_COPY : null;
    const lines = [`site: ${layout.name}; drafts go to ${layout.output}`];
    const create = (rel: string, write: (tmp: string) => void) => {
      try {
        lines.push(createOnly(join(dir, rel), write) ? `wrote ${rel}` : `left ${rel} alone (it exists)`);
      } catch (err) {
        throw new AppError("INTERNAL", `init: cannot write ${rel}: ${oneLine(err)}`);
      }
    };
    create("feeds.yaml", (tmp) =>
      writeFileSync(
        tmp,
        feedsYaml({ language, layout, template, repository: gh.repository, branch: gh.branch }),
      ),
    );
    create(WORKFLOW, (tmp) => writeFileSync(tmp, workflowYaml()));
    if (template) create(template, (tmp) => copyFileSync(builtinTemplate(language), tmp));
    try {
      lines.push(ignoreStore(dir));
    } catch (err) {
      throw new AppError("INTERNAL", `init: cannot update .gitignore: ${oneLine(err)}`);
    }
    for (const l of lines) ctx.io.out(l);
    if (!gh.repository) {
      ctx.io.err("note: no GitHub remote 'origin' here: name your repository in feeds.yaml's publish: block");
    }
    if (layout.name.startsWith("Jekyll")) {
      ctx.io.err("note: Jekyll copies feeds.yaml into the built site unless _config.yml's exclude: lists it");
    }
    ctx.io.err("next: replace the example feeds in feeds.yaml, then run 'npx feedwright run'");
    return 0;
  },
};
