/** Checks across keys (duplicate ids, time zone, cron, regular expressions, env vars) on the raw data. */
import { validateSchedule } from "../schedule.ts";
import { storeUrlProblem } from "../store/url.ts";

type Loose = Record<string, unknown>;
const list = (v: unknown): Loose[] =>
  Array.isArray(v) ? v.map((x) => (x && typeof x === "object" ? (x as Loose) : {})) : [];
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/** Checks across keys; runs on the raw data so they are reported together with schema problems. */
export function checkSemantics(data: unknown, env: NodeJS.ProcessEnv): string[] {
  const raw = (data && typeof data === "object" ? data : {}) as Loose;
  const problems: string[] = [];
  const storeProblem = typeof raw.store === "string" ? storeUrlProblem(raw.store) : null;
  if (storeProblem)
    problems.push(`${env.FEEDWRIGHT_STORE ? "store (from FEEDWRIGHT_STORE)" : "store"}: ${storeProblem}`);
  const feeds = list(raw.feeds);
  const digests = list(raw.digests);
  try {
    if (typeof raw.timezone === "string") new Intl.DateTimeFormat("en", { timeZone: raw.timezone });
  } catch {
    problems.push(
      `timezone: must be an IANA time zone such as Asia/Shanghai or UTC (got ${JSON.stringify(raw.timezone)})`,
    );
  }
  const seen = new Map<string, number>();
  feeds.forEach((f, i) => {
    if (typeof f.id !== "string") return;
    const first = seen.get(f.id);
    if (first !== undefined) problems.push(`feeds[${i}].id: duplicate id "${f.id}" (also feeds[${first}])`);
    else seen.set(f.id, i);
  });
  const digestIds = new Map<string, number>();
  digests.forEach((d, i) => {
    if (typeof d.id !== "string") return;
    const first = digestIds.get(d.id);
    if (first !== undefined)
      problems.push(`digests[${i}].id: duplicate id "${d.id}" (also digests[${first}])`);
    else digestIds.set(d.id, i);
    if (typeof d.schedule === "string") {
      const err = validateSchedule(d.schedule);
      if (err) problems.push(`digests[${i}].schedule: ${err} (got ${JSON.stringify(d.schedule)})`);
    }
  });
  const checkPatterns = (list: readonly string[], where: string) => {
    list.forEach((p, j) => {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(p);
      if (!m) return;
      try {
        new RegExp(m[1]!, m[2]);
      } catch (err) {
        problems.push(`${where}[${j}]: invalid regular expression ${p} (${(err as Error).message})`);
      }
    });
  };
  const tags = raw.tags && typeof raw.tags === "object" ? (raw.tags as Loose) : {};
  for (const [tag, patterns] of Object.entries(tags)) checkPatterns(strings(patterns), `tags.${tag}`);
  feeds.forEach((f, i) => {
    checkPatterns(strings(f.include), `feeds[${i}].include`);
    checkPatterns(strings(f.exclude), `feeds[${i}].exclude`);
  });
  const llm = raw.llm && typeof raw.llm === "object" ? (raw.llm as Loose) : {};
  if (typeof llm.apiKeyEnv === "string" && !env[llm.apiKeyEnv]) {
    problems.push(`llm.apiKeyEnv: environment variable ${llm.apiKeyEnv} is not set`);
  }
  return problems;
}
