/** The view enricher: machine titles and summaries per item, the digest's subtitle/intro/themes, markers, fallbacks, accounting. */
import type { Config, DigestConfig } from "../../config.ts";
import type { SelectedItem, Selection } from "../../digest/select.ts";
import type { DigestView, ItemView } from "../../digest/view.ts";
import { type AskDeps, createBreaker } from "../../llm/ask.ts";
import { commentSafe } from "../../llm/clean.ts";
import { createLlmClient } from "../../llm/client.ts";
import { createLimiter } from "../../llm/limiter.ts";
import type { Db } from "../../store/db.ts";
import { recordSummaryUses, type SummaryUse } from "../../store/summaries.ts";
import type { ViewEnricher } from "../draft.ts";
import { type DigestAccounting, newAccounting } from "./accounting.ts";
import { type Cached, guarded, noAnswer, type Run } from "./obtain.ts";
import { suggestIntro, summarizeItem } from "./requests.ts";

/** What the summarizer needs from the command. */
export interface SummarizerOptions {
  config: Config;
  db: Db;
  /** The key named by `llm.apiKeyEnv`, read by the command; never stored or logged. */
  apiKey?: string | undefined;
  /** The command's clock (recorded with cached answers). */
  now: Date;
  /** `--no-llm`: use cached answers, call nothing. */
  noLlm?: boolean;
  /** `--refresh-summaries`: ignore cached answers. */
  refresh?: boolean;
  signal?: AbortSignal;
}

/** The enricher of a command run and the accounting of each digest it enriched. */
export interface Summarizer {
  enrich: ViewEnricher;
  /** Per-digest accounting, in the order digests were drafted. */
  accounting(digestId: string): DigestAccounting | undefined;
  close(): Promise<void>;
}

const machineMarker = (model: string, c: Cached, digestId: string, date: string) =>
  c.digestId === digestId && c.date === date
    ? `machine-written by ${model} for this draft (not from cache): check it against the source`
    : `machine-written by ${model}, cache hit (first written for ${c.digestId} ${c.date}): check it against the source`;

/** Create the summarizer for one command run; null without an `llm:` block (feed summaries as before). */
export function createSummarizer(o: SummarizerOptions): Summarizer | null {
  const llm = o.config.llm;
  if (!llm) return null;
  const client = createLlmClient({
    baseUrl: llm.baseUrl,
    model: llm.model,
    apiKey: o.apiKey,
    timeoutMs: llm.timeout,
    temperature: llm.temperature,
  });
  const deps: AskDeps = {
    client,
    limiter: createLimiter({ concurrency: llm.concurrency, perMinute: llm.requestsPerMinute }),
    breaker: createBreaker(o.signal),
    retryAfterMaxMs: o.config.fetch.retryAfterMax,
    json: { on: true },
  };
  const books = new Map<string, DigestAccounting>();
  const feedMode = new Map(o.config.feeds.map((f) => [f.id, f.summaries]));

  const enrich: ViewEnricher = async (view: DigestView, selection: Selection, digest: DigestConfig) => {
    const acct = newAccounting(digest.id, view.date, view.items.length);
    books.set(digest.id, acct);
    const run: Run = {
      db: o.db,
      deps,
      llm,
      digest,
      date: view.date,
      now: o.now,
      noLlm: o.noLlm === true,
      refresh: o.refresh === true,
    };
    const byId = new Map<string, SelectedItem>(selection.items.map((s) => [s.entry.id, s]));
    const uses: SummaryUse[] = [];
    const results = await Promise.all(
      view.items.map(async (item): Promise<ItemView> => {
        const sel = byId.get(item.id);
        const mode = (sel && feedMode.get(sel.entry.feedId)) ?? digest.summaries;
        if (!sel || mode !== "llm") {
          uses.push(noAnswer(item.id, "feed", "summaries: feed"));
          return item;
        }
        const r = await guarded(item.id, "machine summary", () => summarizeItem(run, sel.entry));
        uses.push(r.use);
        acct.add(r.use, item.sourceTitle);
        if (r.cached?.status === "ok") {
          const v = r.cached.result as { title: string; summary: string };
          const marker = machineMarker(llm.model, r.cached, digest.id, view.date);
          return { ...item, title: v.title, summary: v.summary, notes: [...item.notes, marker] };
        }
        return { ...item, notes: [...item.notes, commentSafe(r.note)] };
      }),
    );
    const replaced = new Map(results.map((it) => [it.id, it]));
    let out: DigestView = {
      ...view,
      items: results,
      sections: view.sections.map((s) => ({ ...s, items: s.items.map((it) => replaced.get(it.id) ?? it) })),
    };
    if (digest.summaries === "llm") {
      const r = await guarded("", "machine intro", () => suggestIntro(run, out));
      uses.push(r.use);
      acct.add(r.use, "(intro)");
      if (r.cached?.status === "ok") {
        const v = r.cached.result as { subtitle: string; intro: string; themes: string[] };
        const zh = digest.language.toLowerCase().startsWith("zh");
        out = {
          ...out,
          subtitle: v.subtitle,
          title: `${digest.title}${zh ? "：" : ": "}${v.subtitle}`,
          intro: v.intro,
          themes: v.themes,
          notes: [
            ...out.notes,
            machineMarker(llm.model, r.cached, digest.id, view.date)
              .replace("machine-written", "subtitle, intro and themes suggested")
              .replace("check it", "check them"),
          ],
        };
      } else {
        out = { ...out, notes: [...out.notes, commentSafe(r.note)] };
      }
    }
    // Uses are recorded in view order so the report reads like the draft.
    const order = new Map(view.items.map((it, i) => [it.id, i]));
    uses.sort((a, b) => (order.get(a.entryId) ?? order.size) - (order.get(b.entryId) ?? order.size));
    await recordSummaryUses(o.db, digest.id, view.date, uses);
    return out;
  };

  return {
    enrich,
    accounting: (id) => books.get(id),
    close: () => client.close(),
  };
}
