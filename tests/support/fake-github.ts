/** A fake GitHub REST API on loopback for the fleet tests: pull requests kept in memory, every creation counted. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A running fake API. */
export interface FakeGithub {
  /** The apiUrl to configure. */
  apiUrl: string;
  /** Every pull request created, in order. */
  created: { number: number; head: string; base: string; title: string }[];
  close(): Promise<void>;
}

/** Start serving `repository` (owner/name): list, create and update pull requests; labels and reviewers accepted. */
export async function startFakeGithub(repository: string): Promise<FakeGithub> {
  const owner = repository.split("/")[0]!;
  const created: FakeGithub["created"] = [];
  const prs: { number: number; head: string; base: string; title: string; body: string }[] = [];
  const pulls = `/api/v3/repos/${repository}/pulls`;
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    const url = new URL(req.url ?? "/", "http://x");
    const send = (status: number, value: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    const api = (p: (typeof prs)[number]) => ({
      number: p.number,
      html_url: `https://github.example/${repository}/pull/${p.number}`,
      title: p.title,
      body: p.body,
      head: { ref: p.head },
      base: { ref: p.base },
    });
    if (req.method === "GET" && url.pathname === pulls) {
      const head = url.searchParams.get("head")?.replace(`${owner}:`, "");
      return send(
        200,
        prs.filter((p) => p.head === head && p.base === url.searchParams.get("base")).map(api),
      );
    }
    if (req.method === "POST" && url.pathname === pulls) {
      const q = JSON.parse(body) as { head: string; base: string; title: string; body: string };
      const p = { number: prs.length + 1, ...q };
      prs.push(p);
      created.push({ number: p.number, head: p.head, base: p.base, title: p.title });
      return send(201, api(p));
    }
    const m = /\/pulls\/(\d+)$/.exec(url.pathname);
    if (req.method === "PATCH" && m) {
      const p = prs[Number(m[1]) - 1]!;
      Object.assign(p, JSON.parse(body));
      return send(200, api(p));
    }
    // Labels and reviewers.
    return send(req.method === "POST" ? 201 : 200, []);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v3`,
    created,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
