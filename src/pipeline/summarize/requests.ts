/** The two requests: an item's title and summary, and the digest's subtitle/intro/themes. */
import { createHash } from "node:crypto";
import type { DigestView } from "../../digest/view.ts";
import { checkDigestAnswer, checkItemAnswer } from "../../llm/answers.ts";
import { grounds } from "../../llm/ground.ts";
import { digestMessages, itemMessages, relevantGlossary } from "../../llm/prompt.ts";
import type { Entry } from "../../types.ts";
import { noAnswer, type Obtained, obtain, type Run } from "./obtain.ts";
import { sourceText } from "./source-text.ts";

/** An item's title and summary in the digest's language, from the cache or the model. */
export function summarizeItem(run: Run, entry: Entry): Promise<Obtained> {
  // Terms are looked up in the raw entry, not the cut text, so a cache hit never converts HTML.
  const raw = `${entry.title}\n${entry.contentHtml.trim() ? entry.contentHtml : entry.summary}`;
  const glossary = relevantGlossary(run.digest.glossary, raw);
  if (raw.trim() === "") {
    return Promise.resolve({
      use: noAnswer(entry.id, "feed", "no text to summarize"),
      note: "no machine summary: the entry has no text",
    });
  }
  return obtain(run, {
    entryId: entry.id,
    contentHash: entry.contentHash,
    glossary,
    params: {
      summaryLength: run.digest.summaryLength,
      maxInputChars: run.llm.maxInputChars,
      sourceLanguage: entry.language ?? "",
    },
    prompt: () => {
      const text = sourceText(entry, run.llm.maxInputChars);
      return {
        messages: itemMessages({
          title: entry.title,
          text,
          sourceLanguage: entry.language,
          language: run.digest.language,
          summaryLength: run.digest.summaryLength,
          glossary,
        }),
        // Grounded in what the model was shown: the title and the (cut) text.
        check: checkItemAnswer(
          grounds(`${entry.title}\n${text}`, glossary),
          run.digest.language,
          run.digest.summaryLength,
        ),
      };
    },
    what: "machine summary",
  });
}

/** The digest's subtitle, intro and themes, suggested from its items' (final) titles and summaries. */
export function suggestIntro(run: Run, view: DigestView): Promise<Obtained> {
  const items = view.items.map((it) => ({ title: it.title, summary: it.summary }));
  const all = view.items.map((it) => `${it.title}\n${it.sourceTitle}\n${it.summary}`).join("\n\n");
  const glossary = relevantGlossary(run.digest.glossary, all);
  const contentHash = createHash("sha256")
    .update(JSON.stringify([run.digest.title, items]))
    .digest("hex")
    .slice(0, 32);
  return obtain(run, {
    entryId: "",
    contentHash,
    glossary,
    params: {},
    prompt: () => ({
      messages: digestMessages({
        digestTitle: run.digest.title,
        items,
        language: run.digest.language,
        glossary,
      }),
      check: checkDigestAnswer(grounds(all, glossary), run.digest.language),
    }),
    what: "machine intro",
  });
}
