/** feedwright's version and project URL, read once from package.json. */
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
  homepage: string;
};

/** The package version, e.g. "0.1.0". */
export const VERSION: string = pkg.version;
/** Where users learn what feedwright is (named in the User-Agent). */
export const HOMEPAGE: string = pkg.homepage;
/** The default User-Agent: names feedwright, its version and a URL. */
export const DEFAULT_USER_AGENT = `feedwright/${VERSION} (+${HOMEPAGE})`;
