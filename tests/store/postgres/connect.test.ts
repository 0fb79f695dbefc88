/**
 * PostgreSQL stores named in the config or FEEDWRIGHT_STORE: a malformed URL is bad input (exit 2,
 * found by validate without connecting); a server that cannot be reached or refuses us is one line
 * naming host, port, database and user, exit 1, and the password appears in no output or log.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli, tempConfig } from "../../support/cli.ts";
import { postgresAdmin } from "../../support/engines.ts";

const CONFIG =
  "feeds:\n  - { id: a, url: https://example.com/feed.xml }\ndigests:\n  - { id: weekly, title: Weekly }\n";
const SECRET = "s3cr3t-Pa55word";

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

describe("a PostgreSQL store's URL", () => {
  it("validate accepts a well-formed URL without connecting to it", async () => {
    const port = await deadPort();
    const { config } = tempConfig(CONFIG);
    const url = `postgresql://fw:${SECRET}@127.0.0.1:${port}/news?sslmode=require&application_name=fw`;
    const r = await runCli(["validate", "--config", config], { env: { FEEDWRIGHT_STORE: url } });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it("a malformed URL in feeds.yaml is a config error: one line, exit 2", async () => {
    const { config } = tempConfig(`store: "postgres://fw:${SECRET}@db.example:notaport/news"\n${CONFIG}`);
    for (const verb of ["validate", "fetch"]) {
      const r = await runCli([verb, "--config", config]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('store: port must be a number (got "notaport")');
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
  });

  it("FEEDWRIGHT_STORE overrides store:, and its problems say where they come from", async () => {
    const { config } = tempConfig(`store: state.db\n${CONFIG}`);
    const r = await runCli(["validate", "--config", config], {
      env: { FEEDWRIGHT_STORE: `postgres://fw:${SECRET}@127.0.0.1/news?sslmode=sometimes` },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("store (from FEEDWRIGHT_STORE): sslmode must be one of");
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

describe("a PostgreSQL store that cannot be opened", () => {
  const fetchWith = async (url: string) => {
    const { config } = tempConfig(CONFIG);
    // debug logs: whatever the store logs must not carry the password either.
    return runCli(["fetch", "--config", config], {
      env: { FEEDWRIGHT_STORE: url, FEEDWRIGHT_LOG_LEVEL: "debug" },
    });
  };

  it("an unreachable server: one line naming host, port, database and user; exit 1", async () => {
    const port = await deadPort();
    const r = await fetchWith(`postgres://fw:${SECRET}@127.0.0.1:${port}/news`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`postgres://fw@127.0.0.1:${port}/news: cannot connect: connection refused`);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  const admin = postgresAdmin();
  it.skipIf(!admin)("a refused password, and a missing database, the same way", async () => {
    const u = new URL(admin!);
    const wrong = `postgres://${u.username}:${SECRET}@${u.host}/postgres`;
    const refused = await fetchWith(wrong);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr).find((l) => l.includes("password authentication failed"))).toContain(
      `postgres://${u.username}@${u.host}/postgres: cannot connect: password authentication failed`,
    );
    expect(refused.stdout + refused.stderr).not.toContain(SECRET);

    u.pathname = "/no_such_database";
    const missing = await fetchWith(u.toString());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `postgres://${u.username}@${u.host}/no_such_database: cannot connect: database "no_such_database" does not exist`,
    );
    expect(missing.stdout + missing.stderr).not.toContain(decodeURIComponent(u.password));
  });
});
