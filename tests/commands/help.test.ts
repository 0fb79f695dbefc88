import { describe, expect, it } from "vitest";
import type { Io } from "../../src/commands/command.ts";
import { COMMANDS } from "../../src/commands/index.ts";
import { main } from "../../src/main.ts";
import { runCli } from "../support/cli.ts";

/** Run main() in this process and collect what it prints. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const GLOBAL = ["--config PATH", "--log-level LEVEL", "--quiet", "--help", "--version"];

describe("feedwright <command> --help", () => {
  for (const ref of COMMANDS) {
    it(`${ref.name}: lists every option on one line with its description, and an example`, async () => {
      const cmd = await ref.load();
      const { code, out } = await cli([ref.name, "--help"]);
      expect(code).toBe(0);
      const lines = out.split("\n");
      expect(lines[0]).toBe(`Usage: feedwright ${cmd.usage.split("\n")[0]}`);
      for (const [long, spec] of Object.entries(cmd.options)) {
        const line = lines.filter((l) => new RegExp(`^  (-\\w, )? *--${long}\\b`).test(l));
        expect(line, `--${long}`).toHaveLength(1);
        expect(spec.description.length, `--${long} has a description`).toBeGreaterThan(10);
        expect(line[0]!.endsWith(spec.description)).toBe(true);
      }
      for (const g of GLOBAL) expect(out).toContain(g);
      const examples = lines.slice(lines.findIndex((l) => /^Examples?:$/.test(l)) + 1);
      expect(examples.length).toBeGreaterThan(0);
      for (const e of examples) expect(e).toMatch(new RegExp(`^  feedwright ${ref.name}\\b`));
    });
  }

  it("every example of every command parses with that command's options", async () => {
    for (const ref of COMMANDS) {
      const cmd = await ref.load();
      for (const e of cmd.examples) {
        const argv = e
          .replace(/\s*>.*$/, "")
          .split(" ")
          .slice(1);
        // --help after the example's own arguments: strict parsing rejects an unknown option first.
        const { code, err } = await cli([...argv, "--help"]);
        expect({ example: e, code, err }).toEqual({ example: e, code: 0, err: "" });
      }
    }
  });

  it("`help <command>` prints the same text, from a real child process", async () => {
    const a = await runCli(["help", "draft"]);
    const b = await runCli(["draft", "--help"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain("  -n, --dry-run");
    expect(a.stdout).toContain("print the draft instead of writing it");
  });

  it("`help` alone lists the commands, and names `help` itself", async () => {
    const { code, out } = await cli(["help"]);
    expect(code).toBe(0);
    for (const ref of COMMANDS) expect(out).toMatch(new RegExp(`^  ${ref.name} +\\S`, "m"));
    expect(out).toMatch(/^ {2}help +show a command's options/m);
  });

  it("`help` of an unknown command is bad input, exit 2, one line", async () => {
    const { code, out, err } = await cli(["help", "drfat"]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.split("\n")[0]).toBe(
      `help: unknown command "drfat" (expected one of: ${COMMANDS.map((c) => c.name).join(", ")})`,
    );
  });
});
