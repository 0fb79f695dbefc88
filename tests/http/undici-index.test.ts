/** src/undici.ts takes undici's files by path: they must still be what undici's index exports. */
import { expect, it } from "vitest";
import { Agent, EnvHttpProxyAgent } from "../../src/undici.ts";

it("exports the classes undici's index exports (an upgrade that moves undici's files fails here)", async () => {
  const undici = await import("undici");
  expect(Agent).toBe(undici.Agent);
  expect(EnvHttpProxyAgent).toBe(undici.EnvHttpProxyAgent);
});
