/** The checks a machine-written text must pass before it enters a draft: grounded in the source, in the right language. */
import { urlsIn } from "./clean.ts";

const SPELLED: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
  dozen: "12",
  hundred: "100",
  thousand: "1000",
  million: "1000000",
  billion: "1000000000",
  first: "1",
  second: "2",
  third: "3",
  half: "50",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const NUMBER = /(?<![A-Za-z0-9.])[vV]?(\d+(?:[.,]\d+)*)/g;
const CVE = /CVE-\d{4}-\d{4,}/gi;
const NAME = /\d*[A-Za-z][A-Za-z0-9]*(?:[-.+#'/&][A-Za-z0-9]+)*\+*#?/g;
const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN_WORD = /[A-Za-z][A-Za-z0-9]*(?:[-.'][A-Za-z0-9]+)*/g;

// "1,000" and "1000" are the same number; "1,2" is not a thousands separator and stays.
const normNumber = (n: string) => n.replace(/,(?=\d{3}(?!\d))/g, "").replace(/[.,]+$/, "");

/** What a text may draw on: its source and the glossary, prepared once per check. */
export interface Grounds {
  lower: string;
  numbers: Set<string>;
}

/** Prepare the source text (and the glossary's terms, which always count as grounded) for checks. */
export function grounds(source: string, glossary: Readonly<Record<string, string>> = {}): Grounds {
  // NFKC: full-width digits and letters (１２, ＧＰＵ) compare as the ASCII ones they are.
  const text = [source, ...Object.keys(glossary), ...Object.values(glossary)].join("\n").normalize("NFKC");
  const lower = text.toLowerCase();
  const numbers = new Set<string>();
  for (const m of text.matchAll(NUMBER)) {
    const n = normNumber(m[1]!);
    numbers.add(n);
    // "v1.35.2" grounds "1.35" (the minor release line) as well.
    const parts = n.split(".");
    for (let i = 1; i < parts.length; i++) numbers.add(parts.slice(0, i + 1).join("."));
  }
  for (const m of lower.matchAll(/[a-z]+/g)) {
    const w = m[0];
    if (SPELLED[w]) numbers.add(SPELLED[w]);
    const month = MONTHS.indexOf(w.slice(0, 3));
    // A translated date writes the month as a number ("January 14" → "1月14日").
    if (
      month >= 0 &&
      (w.length === 3 ||
        /^(january|february|march|april|june|july|august|september|october|november|december)$/.test(w))
    )
      numbers.add(String(month + 1));
  }
  return { lower, numbers };
}

const hasWord = (lower: string, word: string) => {
  const w = word.toLowerCase();
  let i = lower.indexOf(w);
  while (i >= 0) {
    const before = lower[i - 1] ?? " ";
    const after = lower[i + w.length] ?? " ";
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    i = lower.indexOf(w, i + 1);
  }
  return false;
};

/** True when the text's script is Latin (so every Latin word of a CJK text is a name to check). */
const isCjk = (language: string) => /^(zh|ja|ko)/i.test(language);

function names(text: string, language: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME)) {
    const w = m[0].replace(/[.'/&-]+$/, "");
    if (/^v\d/i.test(w)) continue; // a version: the number check covers it
    if (isCjk(language)) {
      out.push(w);
      continue;
    }
    // In a Latin-script text only names are checked: capitalized words not starting a sentence,
    // and anything with a digit or an inner capital (GitOps, k8s, H100).
    const before = text.slice(0, m.index).trimEnd();
    const sentenceStart = before === "" || /[.!?:"“(]$/.test(before);
    if (/\d|[a-z][A-Z]/.test(w) || (/^[A-Z]/.test(w) && !sentenceStart)) out.push(w);
  }
  return out;
}

/**
 * The first fact that neither the source nor the glossary contains, as a rejection reason; null when
 * grounded. `raw` is the answer as written (its links count even though they are stripped), `text` its plain text.
 */
export function ungrounded(raw: string, text: string, g: Grounds, language: string): string | null {
  for (const url of urlsIn(raw)) {
    const u = url.toLowerCase().replace(/\/+$/, "");
    if (!g.lower.includes(u)) return `link ${JSON.stringify(url)} not in source`;
  }
  const plain = text.normalize("NFKC").replace(/\b(?:https?|ftp):\/\/\S+/gi, " ");
  for (const m of plain.matchAll(CVE)) {
    if (!g.lower.includes(m[0].toLowerCase())) return `${JSON.stringify(m[0])} not in source`;
  }
  for (const m of plain.replace(CVE, " ").matchAll(NUMBER)) {
    const n = normNumber(m[1]!);
    if (!g.numbers.has(n)) return `${JSON.stringify(m[0].replace(/[.,]+$/, ""))} not in source`;
  }
  for (const w of names(plain.replace(CVE, " "), language)) {
    if (hasWord(g.lower, w)) continue;
    // "100GB" for the source's "100 GB".
    const unit = /^(\d+)([A-Za-z]+)$/.exec(w);
    if (unit && hasWord(g.lower, `${unit[1]} ${unit[2]}`)) continue;
    const parts = w.split(/[-.+#'/&]+/).filter((p) => /[A-Za-z]/.test(p));
    if (parts.length > 1 && parts.every((p) => hasWord(g.lower, p))) continue;
    return `${JSON.stringify(w)} not in source`;
  }
  return null;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** Why `text` is not written in `language` (zh: mostly Han characters), or null when it is. */
export function wrongLanguage(text: string, language: string): string | null {
  const lang = language.toLowerCase();
  const latinWords = count(text, LATIN_WORD);
  const han = count(text, HAN);
  const kana = count(text, KANA);
  const hangul = count(text, HANGUL);
  // Each CJK character and each Latin word is one unit, so "Kubernetes v1.35 发布" still reads as Chinese.
  const total = latinWords + han + kana + hangul;
  if (total === 0) return null;
  const own = lang.startsWith("zh")
    ? han
    : lang.startsWith("ja")
      ? han + kana
      : lang.startsWith("ko")
        ? hangul
        : -1;
  if (own >= 0) {
    if (own >= 2 && own / total >= 0.5) return null;
    return `not written in ${language} (${own === 0 ? "no" : "too few"} ${lang.startsWith("ko") ? "Hangul" : "Han"} characters)`;
  }
  const cjk = han + kana + hangul;
  return cjk / total > 0.2 ? `not written in ${language} (mostly CJK characters)` : null;
}

/** Why a field (`raw` as answered, `text` as cleaned) may not enter the draft (first reason wins), or null. */
export function checkText(raw: string, text: string, g: Grounds, language: string): string | null {
  if (text.trim() === "") return "empty";
  return ungrounded(raw, text, g, language) ?? wrongLanguage(text, language);
}
