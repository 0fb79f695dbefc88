/** Reading and checking the two answers: an item's {title, summary} and the digest's {subtitle, intro, themes}. */
import { truncateAtSentence } from "../sentences.ts";
import type { Check } from "./ask.ts";
import { commentSafe, extractJson, stripThink, toPlainText } from "./clean.ts";
import { checkText, type Grounds } from "./ground.ts";

/** An accepted item answer. */
export interface ItemAnswer {
  title: string;
  summary: string;
}

/** An accepted digest answer. */
export interface DigestAnswer {
  subtitle: string;
  intro: string;
  themes: string[];
}

const TITLE_MAX = 80;
const SUBTITLE_MAX = 40;
const INTRO_MAX = 300;

type Verdict<T> = { value: T } | { reason: string; fault?: boolean };

function field(
  obj: Record<string, unknown>,
  name: string,
  g: Grounds,
  language: string,
  max: number,
): { text: string } | { reason: string } {
  const raw = obj[name];
  if (typeof raw !== "string") return { reason: `no "${name}" string in the answer` };
  const text = toPlainText(raw);
  const why = checkText(stripThink(raw), text, g, language);
  if (why) return { reason: why };
  return { text: truncateAtSentence(text, max) };
}

const MALFORMED = { reason: "malformed JSON in the answer", fault: true } as const;

/** The check of an item's answer against its source. */
export function checkItemAnswer(g: Grounds, language: string, summaryLength: number): Check<ItemAnswer> {
  return (answer): Verdict<ItemAnswer> => {
    const obj = extractJson(answer.content);
    if (!obj) return MALFORMED;
    const title = field(obj, "title", g, language, TITLE_MAX);
    if ("reason" in title) return title;
    const summary = field(obj, "summary", g, language, summaryLength);
    if ("reason" in summary) return summary;
    return { value: { title: title.text, summary: summary.text } };
  };
}

/** The check of the digest's answer against its items' titles and summaries. */
export function checkDigestAnswer(g: Grounds, language: string): Check<DigestAnswer> {
  return (answer): Verdict<DigestAnswer> => {
    const obj = extractJson(answer.content);
    if (!obj) return MALFORMED;
    const subtitle = field(obj, "subtitle", g, language, SUBTITLE_MAX);
    if ("reason" in subtitle) return subtitle;
    const intro = field(obj, "intro", g, language, INTRO_MAX);
    if ("reason" in intro) return intro;
    const list = Array.isArray(obj.themes) ? obj.themes : [];
    const themes: string[] = [];
    for (const [i, t] of list.slice(0, 6).entries()) {
      const theme = field({ t }, "t", g, language, SUBTITLE_MAX * 2);
      if ("reason" in theme) return { reason: `themes[${i}]: ${theme.reason}` };
      // Themes are rendered inside an HTML comment.
      themes.push(commentSafe(theme.text));
    }
    return { value: { subtitle: subtitle.text, intro: intro.text, themes } };
  };
}
