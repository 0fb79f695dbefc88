/** Keeping secrets out of logs and /feeds: configured header values, tokens from the environment, URL credentials. */
import type { Config } from "../config.ts";

/** Query parameters whose values are treated as credentials when a URL is shown. */
const SECRET_PARAM = /token|key|secret|pass|auth|sig|session|code/i;

/** A URL without its user:password and with credential-like query values hidden. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.username || u.password) {
      u.username = "";
      u.password = "";
    }
    for (const k of [...u.searchParams.keys()]) if (SECRET_PARAM.test(k)) u.searchParams.set(k, "REDACTED");
    return u.href;
  } catch {
    return "[unparseable url]";
  }
}

/** A function hiding every secret value the config names (header values, token and key env vars) in text. */
export function redactor(config: Config, env: NodeJS.ProcessEnv): (text: string) => string {
  const secrets = new Set<string>();
  for (const f of config.feeds) for (const v of Object.values(f.headers)) secrets.add(v);
  const envNames = [config.publish?.github?.tokenEnv, config.llm?.apiKeyEnv];
  for (const name of envNames) if (name && env[name]) secrets.add(env[name]!);
  // Short values ("1", "yes") would blank out ordinary words; they are not credentials anyway.
  const list = [...secrets].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of list) out = out.split(s).join("[REDACTED]");
    return out;
  };
}
