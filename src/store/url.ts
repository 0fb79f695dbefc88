/** PostgreSQL store URLs: their form checked without connecting, and shown without the password. */
import { isPostgresUrl } from "./db.ts";

const SSLMODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify"];

/**
 * What is wrong with a postgres:// or postgresql:// URL's form, or null when it is well-formed. Only
 * the form: whether the server answers is found out when the store is opened. Messages never
 * repeat the URL (it may carry a password).
 */
export function storeUrlProblem(location: string): string | null {
  if (!isPostgresUrl(location)) return null;
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    // Say which part is wrong where it can be told; the user part is never quoted (the password).
    const authority = location.replace(/^[a-z]+:\/\//i, "").split(/[/?#]/)[0]!;
    const port = authority.slice(authority.lastIndexOf("@") + 1).match(/^(?:\[[^\]]*\]|[^:]*):(.*)$/)?.[1];
    if (port !== undefined && !/^\d*$/.test(port)) return `port must be a number (got "${port}")`;
    return "not a valid PostgreSQL URL (expected postgres://user:password@host:port/database)";
  }
  if (url.port !== "" && !/^\d+$/.test(url.port)) return `port must be a number (got "${url.port}")`;
  const db = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (db.includes("/")) return `the database name cannot contain "/" (got "${db}")`;
  const sslmode = url.searchParams.get("sslmode");
  if (sslmode !== null && !SSLMODES.includes(sslmode))
    return `sslmode must be one of ${SSLMODES.join(", ")} (got "${sslmode}")`;
  return null;
}

/** The store location as it may be shown and logged: a URL loses its password, a path stays. */
export function storeLabel(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    url.password = "";
    for (const key of [...url.searchParams.keys()])
      if (/password/i.test(key)) url.searchParams.set(key, "***");
    return url.toString();
  } catch {
    return "postgres://(malformed URL)";
  }
}
