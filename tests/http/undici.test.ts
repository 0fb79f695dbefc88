/** src/undici.ts: undici's own Agent, EnvHttpProxyAgent and request, without loading the rest of undici (see undici-index.test.ts). */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, EnvHttpProxyAgent, request } from "../../src/undici.ts";

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => res.end(JSON.stringify({ method: req.method, url: req.url, body })));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("src/undici.ts", () => {
  it("loads neither undici's index nor its fetch, WebSocket or cache modules", () => {
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("/undici/"));
    expect(loaded.some((f) => f.endsWith("/undici/lib/dispatcher/agent.js"))).toBe(true);
    expect(loaded.filter((f) => /\/undici\/(index\.js|lib\/(web|cache|mock)\/)/.test(f))).toEqual([]);
    expect(typeof new Agent().connect).toBe("function");
  });

  it("requests as undici's request does: GET by default, path and query kept, POST with a body", async () => {
    const dispatcher = new Agent();
    try {
      const get = await request(`${origin}/feed.xml?a=1`, { dispatcher, headers: { accept: "*/*" } });
      expect(get.statusCode).toBe(200);
      expect(await get.body.json()).toEqual({ method: "GET", url: "/feed.xml?a=1", body: "" });
      const post = await request(new URL(`${origin}/chat`), { dispatcher, method: "POST", body: "hi" });
      expect(await post.body.json()).toEqual({ method: "POST", url: "/chat", body: "hi" });
    } finally {
      await dispatcher.close();
    }
  });

  it("goes through an HTTP proxy with EnvHttpProxyAgent (its CONNECT tunnel needs undici's Dispatcher methods)", async () => {
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on("connect", (req, socket, head) => {
      tunnels.push(String(req.url));
      const [host, port] = String(req.url).split(":");
      const upstream = connect(Number(port), host, () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    // proxyTunnel: CONNECT for this http:// origin too, as undici always does for https:// feeds.
    const dispatcher = new EnvHttpProxyAgent({
      httpProxy: proxyUrl,
      httpsProxy: proxyUrl,
      noProxy: "",
      proxyTunnel: true,
    });
    try {
      const res = await request(`${origin}/via-proxy`, { dispatcher });
      expect(await res.body.json()).toEqual({ method: "GET", url: "/via-proxy", body: "" });
      expect(tunnels).toEqual([origin.replace("http://", "")]);
    } finally {
      await dispatcher.close();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  it("refuses URLs that are not http(s), as undici does", async () => {
    const dispatcher = new Agent();
    try {
      expect(() => request("ftp://example.org/feed", { dispatcher })).toThrow(
        /must start with `http:` or `https:`/,
      );
    } finally {
      await dispatcher.close();
    }
  });
});
