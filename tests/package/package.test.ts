/**
 * The npm package as a user gets it: `npm pack` (which builds dist/), then installed from the tarball
 * globally and as a devDependency in fresh folders under the temp folder — where this checkout's
 * node_modules cannot be reached — and run from there. One pack and one install of each kind serve
 * every case. Needs the npm registry for the package's dependencies; skips, saying so, without it.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { HttpResponse, http } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.ts";
import { type FeedServer, startFeedServer } from "../support/feed-server.ts";
import { mulberry32 } from "../support/random.ts";

const ROOT = join(import.meta.dirname, "../..");
const INSTALL_TIMEOUT = 600_000;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a user's shell would give: this one (proxy and CA settings reach npm) without what
 * the test runner and `npm test` add — vitest's variables, NODE_OPTIONS, npm's lifecycle settings, and
 * PATH entries inside this checkout (node_modules/.bin) — with this Node first on PATH.
 */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|NODE_OPTIONS$|NODE_PATH$|FEEDWRIGHT_|TEST$)/i.test(k)) continue;
    env[k] = v;
  }
  const path = (process.env.PATH ?? "").split(":").filter((p) => p && !p.startsWith(ROOT));
  env.PATH = [dirname(process.execPath), ...path].join(":");
  return { ...env, npm_config_update_notifier: "false", FEEDWRIGHT_LOG_LEVEL: "warn", ...extra };
}

/** Run a program in `cwd` as a user would; never rejects. */
function exec(
  file: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeout = INSTALL_TIMEOUT,
): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: userEnv(env), maxBuffer: 64 * 1024 * 1024, timeout },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr: err && code === 1 && !stderr ? String(err) : stderr });
      },
    );
  });
}

const npm = (args: string[], cwd: string) => exec("npm", args, cwd);

// Whether npm can reach its registry decides skipping, before any test is collected.
const ping = await exec("npm", ["ping"], tmpdir(), {}, 60_000);
const offline =
  ping.code === 0 ? null : `npm cannot reach its registry: ${ping.stderr.trim().split("\n").at(-1)}`;

const WORDS = (
  "kernel scheduler ingress mesh proxy quota sandbox runtime registry gateway storage volume operator " +
  "autoscaler tracing logging policy firewall backup snapshot compiler database cache queue broker"
).split(" ");

/** A day's RSS with `n` items whose titles share no words across feeds (so no two are one story). */
const rss = (feed: number, n: number) => {
  const random = mulberry32(feed + 1);
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const items = Array.from({ length: n }, (_, i) => {
    const title = `${word()} ${word()} ${word()} ${word()} f${feed}x${i} ${word()}`;
    const time = `10:${String(i).padStart(2, "0")}:00`;
    return `<item><title>${title}</title><link>https://example.org/${feed}/${i}</link><description>${title}, in detail.</description><pubDate>Wed, 14 Jan 2026 ${time} +0000</pubDate></item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${feed}</title><link>https://example.org/${feed}</link>${items.join("")}</channel></rss>`;
};

// More feeds than POOL_MIN_FEEDS (8) and more stores than a checkpoint's 16: a run starts the parse
// workers and the checkpoint worker, which must be found as .js files inside the package.
const FEEDS = 20;
const NOW = { FEEDWRIGHT_NOW: "2026-01-15T10:00:00Z" };

describe.skipIf(offline !== null)(
  `the npm package, installed from its tarball${offline ? ` (skipped: ${offline})` : ""}`,
  () => {
    let work: string;
    let tarball: string;
    let packed: string[];
    let server: FeedServer;

    beforeAll(async () => {
      server = await startFeedServer([
        http.get(
          "*/feed/:n.xml",
          ({ params }) =>
            new HttpResponse(rss(Number(params.n), 3), {
              headers: { "content-type": "application/rss+xml" },
            }),
        ),
      ]);
      work = mkdtempSync(join(tmpdir(), "feedwright-package-"));
      // prepack builds dist/ from src/ first.
      const pack = await npm(["pack", "--json", "--pack-destination", work], ROOT);
      expect(pack.code, pack.stderr).toBe(0);
      const info = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as {
        filename: string;
        files: { path: string }[];
      }[];
      tarball = join(work, info[0]!.filename);
      packed = info[0]!.files.map((f) => f.path);
    }, INSTALL_TIMEOUT);
    afterAll(() => server?.close());

    /** feeds.yaml in `dir` polling the loopback server's feeds. */
    function config(dir: string): string {
      const feeds = Array.from(
        { length: FEEDS },
        (_, n) => `  - id: feed-${n}\n    url: ${server.url}/feed/${n}.xml\n`,
      ).join("");
      const path = join(dir, "feeds.yaml");
      // The items link to example.org, which this test does not serve: no article pages to fetch.
      writeFileSync(
        path,
        `fetch: { fullText: never }\nfeeds:\n${feeds}digests:\n  - id: weekly\n    title: Weekly\n`,
      );
      return path;
    }

    it("holds dist/ (JavaScript only), the templates, README and LICENSE, and nothing else", () => {
      const outside = packed.filter(
        (p) => !/^(dist\/.+\.js|templates\/.+|README\.md|LICENSE|package\.json)$/.test(p),
      );
      expect(outside).toEqual([]);
      for (const f of [
        "dist/cli.js",
        "LICENSE",
        "README.md",
        "templates/digest.en.md.hbs",
        "templates/init/feedwright.yml",
      ])
        expect(packed).toContain(f);
      // Every module under src/ is there, compiled.
      const sources = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((f) =>
        f.endsWith(".ts"),
      );
      expect(sources.filter((f) => !packed.includes(`dist/${f.replace(/\.ts$/, ".js")}`))).toEqual([]);
      const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
      expect(pkg.bin).toEqual({ feedwright: "dist/cli.js" });
    });

    describe("npm install -g --prefix", () => {
      let bin: string;
      let site: string;
      beforeAll(async () => {
        const prefix = join(work, "global");
        const r = await npm(["install", "--global", "--prefix", prefix, tarball], work);
        expect(r.code, r.stderr).toBe(0);
        bin = join(prefix, "bin/feedwright");
        site = mkdtempSync(join(tmpdir(), "feedwright-global-site-"));
      }, INSTALL_TIMEOUT);

      it("runs compiled JavaScript: no .ts file in the installed package", () => {
        const installed = join(dirname(bin), "../lib/node_modules/feedwright");
        const files = readdirSync(installed, { recursive: true, encoding: "utf8" }).filter(
          (f) => !f.startsWith("node_modules"),
        );
        expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
        expect(existsSync(join(installed, "dist/pipeline/parse-worker.js"))).toBe(true);
      });

      it("--version", async () => {
        expect(await exec(bin, ["--version"], site)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
      });

      it("validate", async () => {
        const path = config(site);
        expect(await exec(bin, ["validate", "--config", path], site)).toMatchObject({
          code: 0,
          stdout: "ok\n",
        });
        writeFileSync(join(site, "bad.yaml"), "feeds: []\ndigests: []\nbogus: 1\n");
        const bad = await exec(bin, ["validate", "--config", "bad.yaml"], site);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("bad.yaml: bogus: unknown key");
      });

      it("run: fetches the loopback feeds (parse and checkpoint workers) and writes the draft", async () => {
        config(site);
        const r = await exec(bin, ["run"], site, NOW);
        expect(r.code, r.stderr).toBe(0);
        const draft = join(site, "drafts/2026-01-15-weekly.md");
        // stderr holds the draft's note line only: no worker failure, no warning.
        expect(r.stderr).toBe(`weekly 2026-01-15: created ${draft} (20 items, 40 candidates left out)\n`);
        expect(r.stdout.match(/^feed-\d+\s+ok\s+200\s+3\b/gm)).toHaveLength(FEEDS);
        expect(r.stdout.trim().split("\n").at(-1)).toBe(draft);
        // maxItems (20) of the 60 distinct stories.
        expect(readFileSync(draft, "utf8").match(/^### .* f\d+x\d /gm)).toHaveLength(20);
      });

      it("story clustering's worker threads start from the installed dist/", async () => {
        const lib = join(dirname(bin), "../lib/node_modules/feedwright/dist/digest/cluster.js");
        const script = `
        const { clusterStoriesParallel, PARALLEL_MIN_ENTRIES } = await import(${JSON.stringify(lib)});
        const entries = Array.from({ length: PARALLEL_MIN_ENTRIES }, (_, i) => ({
          id: String(i).padStart(6, "0"), title: "story " + (i % 5000) + " of the week", summary: "s " + i,
          published: "2026-01-14T10:00:00Z", feedId: "f" + (i % 7),
        }));
        const groups = await clusterStoriesParallel(entries, { threads: 2 });
        console.log(groups.length > 0 && groups.length < entries.length ? "clustered" : "not clustered");`;
        // A file, not -e: workers inherit the process's flags, and --input-type is refused for them.
        writeFileSync(join(site, "cluster.mjs"), script);
        const r = await exec(process.execPath, ["cluster.mjs"], site);
        expect(r).toMatchObject({ code: 0, stdout: "clustered\n" });
      });
    });

    describe("npm install --save-dev in a site repository, then npx", () => {
      let site: string;
      beforeAll(async () => {
        site = mkdtempSync(join(tmpdir(), "feedwright-site-"));
        mkdirSync(join(site, "_posts"));
        writeFileSync(
          join(site, "package.json"),
          `${JSON.stringify({ name: "my-site", private: true }, null, 2)}\n`,
        );
        const r = await npm(["install", "--save-dev", tarball], site);
        expect(r.code, r.stderr).toBe(0);
      }, INSTALL_TIMEOUT);

      const npx = (args: string[], env: Record<string, string> = {}) =>
        exec("npx", ["--no", "--", "feedwright", ...args], site, env);

      it("the site's package.json names it as a devDependency", () => {
        const pkg = JSON.parse(readFileSync(join(site, "package.json"), "utf8"));
        expect(Object.keys(pkg.devDependencies)).toEqual(["feedwright"]);
        expect(relative(site, join(site, "node_modules/feedwright/dist/cli.js"))).toBe(
          "node_modules/feedwright/dist/cli.js",
        );
        expect(existsSync(join(site, "node_modules/feedwright/dist/cli.js"))).toBe(true);
      });

      it("npx feedwright --version, init, validate, run: the draft lands in _posts/", async () => {
        expect(await npx(["--version"])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
        const init = await npx(["init"]);
        expect(init.code, init.stderr).toBe(0);
        expect(init.stdout).toContain("site: Jekyll (_posts/)");
        expect(init.stdout).toContain("wrote .github/workflows/feedwright.yml");
        const path = join(site, "feeds.yaml");
        writeFileSync(
          path,
          readFileSync(path, "utf8")
            .replace("https://kubernetes.io/feed.xml", `${server.url}/feed/1.xml`)
            .replace("https://github.blog/feed/", `${server.url}/feed/2.xml`),
        );
        expect(await npx(["validate"])).toMatchObject({ code: 0, stdout: "ok\n" });
        const run = await npx(["run"], NOW);
        expect(run.code, run.stderr).toBe(0);
        const draft = readFileSync(join(site, "_posts/2026-01-15-weekly.md"), "utf8");
        expect(draft).toMatch(/^---\nlayout: post\n/);
        expect(draft.match(/^### .* f[12]x\d /gm)).toHaveLength(6);
      });

      it("help comes from the installed package too", async () => {
        const r = await npx(["help", "init"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("--language LANG");
      });
    });
  },
);
