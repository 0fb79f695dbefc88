/**
 * The GitHub REST API for a draft's pull request: find, open, update, reviewers, labels.
 * Uses Node's global fetch: a handful of JSON calls need no pool or dispatcher tuning, and undici
 * stays behind reader/http/fetch.ts as the design asks.
 */
import { AppError, oneLine } from "../errors.ts";

/** Where the API is and how to call it. The token is only ever put in the Authorization header. */
export interface GithubOptions {
  apiUrl: string;
  /** owner/name */
  repository: string;
  token: string;
  /** The env var the token came from, for messages. */
  tokenEnv: string;
  userAgent: string;
  now: () => Date;
  signal?: AbortSignal | undefined;
}

/** The fields of a pull request feedwright uses. */
export interface PullRequest {
  number: number;
  url: string;
  title: string;
  body: string;
}

/** A pull-request client bound to one repository. */
export interface GithubClient {
  /** The open PR from `branch` into `base`, if any. */
  findOpenPr(branch: string, base: string): Promise<PullRequest | null>;
  createPr(pr: {
    title: string;
    body: string;
    head: string;
    base: string;
    draft: boolean;
  }): Promise<PullRequest>;
  updatePr(n: number, pr: { title: string; body: string }): Promise<PullRequest>;
  requestReviewers(n: number, reviewers: readonly string[]): Promise<void>;
  addLabels(n: number, labels: readonly string[]): Promise<void>;
}

interface ApiPr {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
}
const toPr = (p: ApiPr): PullRequest => ({
  number: p.number,
  url: p.html_url,
  title: p.title,
  body: p.body ?? "",
});

const TIMEOUT_MS = 30_000;

/** One clear line for a failed API call, saying what to do about it. */
async function apiError(res: Response, what: string, o: GithubOptions): Promise<AppError> {
  const data = (await res.json().catch(() => ({}))) as {
    message?: string;
    errors?: ({ message?: string; field?: string; code?: string } | string)[];
  };
  const msg = data.message ? `: ${oneLine(data.message).replace(/\.$/, "")}` : "";
  const h = res.headers;
  const at = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const limited = res.status === 403 || res.status === 429;
  const reset = Number(h.get("x-ratelimit-reset"));
  const resetAt = Number.isFinite(reset) && reset > 0 ? at(new Date(reset * 1000)) : null;
  if (limited && h.get("x-ratelimit-remaining") === "0")
    return new AppError(
      "PUBLISH",
      `GitHub API rate limit exceeded (${what})${resetAt ? `; it resets at ${resetAt}` : ""}`,
    );
  // Secondary limits come with retry-after, or only with their message (then GitHub asks for a minute).
  const retry = Number(h.get("retry-after"));
  if (limited && ((Number.isFinite(retry) && retry > 0) || /rate limit/i.test(data.message ?? ""))) {
    const wait = Number.isFinite(retry) && retry > 0 ? retry : 60;
    const when = resetAt ?? at(new Date(o.now().getTime() + wait * 1000));
    return new AppError("PUBLISH", `GitHub API secondary rate limit (${what})${msg}; retry after ${when}`);
  }
  const why: Record<number, string> = {
    401: `the token in $${o.tokenEnv} was rejected (expired, revoked or mistyped)`,
    403: `the token in $${o.tokenEnv} may not do this (it needs contents: write and pull-requests: write on ${o.repository})`,
    404: `repository ${o.repository} not found, or the token in $${o.tokenEnv} cannot see it`,
  };
  if (res.status === 422) {
    const details = (data.errors ?? [])
      .map((e) => (typeof e === "string" ? e : (e.message ?? [e.field, e.code].filter(Boolean).join(" "))))
      .filter((s) => s !== "");
    const rest = details.length > 0 ? ` (${details.map(oneLine).join("; ")})` : "";
    return new AppError("PUBLISH", `GitHub API 422 ${what}${msg}${rest}`);
  }
  const hint = why[res.status] ? `; ${why[res.status]}` : "";
  return new AppError("PUBLISH", `GitHub API ${res.status} ${what}${msg}${hint}`);
}

/** A client for `o.repository` at `o.apiUrl` (GitHub Enterprise: its /api/v3 URL). */
export function githubClient(o: GithubOptions): GithubClient {
  const root = o.apiUrl.replace(/\/+$/, "");
  const repo = `/repos/${o.repository}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const what = `${method} ${path.replace(/\?.*$/, "")}`;
    const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(o.signal ? [o.signal] : [])];
    let res: Response;
    try {
      res = await fetch(`${root}${path}`, {
        method,
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${o.token}`,
          "x-github-api-version": "2022-11-28",
          "user-agent": o.userAgent,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      const reason =
        (err as Error).name === "TimeoutError" ? `no answer in ${TIMEOUT_MS / 1000}s` : oneLine(cause ?? err);
      throw new AppError("PUBLISH", `GitHub API: cannot reach ${root} (${what}): ${reason}`, { cause: err });
    }
    if (!res.ok) throw await apiError(res, what, o);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  const owner = o.repository.split("/")[0]!;
  return {
    async findOpenPr(branch, base) {
      const q = new URLSearchParams({ state: "open", head: `${owner}:${branch}`, base, per_page: "1" });
      const list = await call<ApiPr[]>("GET", `${repo}/pulls?${q}`);
      return list[0] ? toPr(list[0]) : null;
    },
    async createPr(pr) {
      return toPr(await call<ApiPr>("POST", `${repo}/pulls`, pr));
    },
    async updatePr(n, pr) {
      return toPr(await call<ApiPr>("PATCH", `${repo}/pulls/${n}`, pr));
    },
    async requestReviewers(n, reviewers) {
      if (reviewers.length > 0) await call("POST", `${repo}/pulls/${n}/requested_reviewers`, { reviewers });
    },
    async addLabels(n, labels) {
      if (labels.length > 0) await call("POST", `${repo}/issues/${n}/labels`, { labels });
    },
  };
}

/** The GitHub page comparing `branch` with `base`, from a GitHub remote URL; null for other hosts. */
export function compareUrl(remote: string | null, base: string, branch: string): string | null {
  if (!remote) return null;
  const m =
    /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(remote) ??
    /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(remote);
  if (!m || !/github/i.test(m[1]!) || !/^[^/]+\/[^/]+$/.test(m[2]!)) return null;
  const ref = (s: string) => encodeURIComponent(s).replaceAll("%2F", "/");
  return `https://${m[1]}/${m[2]}/compare/${ref(base)}...${ref(branch)}?expand=1`;
}
