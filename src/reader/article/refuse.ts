/**
 * Whether an extracted page may replace a feed's teaser. A cookie wall, a paywall teaser, a login
 * or an error page extracts as short text carrying tell-tale phrases; anything not clearly longer
 * than the teaser adds nothing. Markers are English and Chinese, the languages the feeds use.
 */
import type { ExtractedArticle } from "./extract.ts";

/** Why an extracted page is not used. */
export type Refusal = "cookie wall" | "paywall" | "login page" | "error page" | "too short";

// Checked in this order: a paywall page often also says "log in", a cookie wall "privacy". Each
// kind lists separate tells; a short page showing two of them is that kind.
const MARKERS: ReadonlyArray<readonly [Refusal, readonly RegExp[]]> = [
  [
    "cookie wall",
    [
      /\bcookies?\b|cookie/i,
      /\b(?:accept|reject|allow) (?:all|cookies|and (?:continue|close))\b|接受|拒绝|同意/i,
      /\b(?:privacy|consent|your choices|preferences|partners)\b|隐私|偏好/i,
    ],
  ],
  [
    "paywall",
    [
      /\bsubscri(?:be|ber|bers|ption)\b|订阅|付费|会员/i,
      /\b(?:to (?:continue|keep) reading|read the (?:full|rest|whole)|full (?:article|story)|unlock|already (?:a )?(?:subscriber|member)|start (?:your )?(?:free )?trial|(?:subscribers|members) only)\b|阅读全文|查看全文|继续阅读|已是会员|开通|购买/i,
    ],
  ],
  [
    "login page",
    [
      /\b(?:sign in|log ?in|signin)\b|登录|登入/i,
      /\b(?:password|username|e-?mail address|remember me)\b|密码|用户名|账号|帐号/i,
      /\b(?:forgot|create (?:an )?account|register|sign up)\b|忘记|注册/i,
    ],
  ],
  [
    "error page",
    [
      /\b(?:404|403|410|500|502|503)\b|\berror\b|错误/i,
      /\b(?:not found|could not be found|does not exist|no longer (?:exists|available)|(?:has been|was) (?:removed|deleted)|access denied|forbidden|internal server error|service unavailable|something went wrong)\b|不存在|未找到|找不到|已删除|被删除|拒绝访问|访问被拒绝|服务器错误/i,
    ],
  ],
];

// Text shorter than this (weighted, see weight()) is "short" on its own, whatever the teaser.
const SHORT = 1500;
// An article must be this much longer than the teaser to be worth using.
const GAIN = 1.2;
// A CJK character carries about as much as three Latin letters (a word plus its space).
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

function weight(text: string): number {
  return text.length + 2 * (text.match(CJK)?.length ?? 0);
}

/** Why an extracted page must not replace the feed's teaser (null = use it). Judged by length against the teaser and common markers. */
export function refusal(article: ExtractedArticle, teaserText: string): Refusal | null {
  const size = weight(article.text);
  const teaser = weight(teaserText.trim());
  // Markers only count on short pages: a long article may well mention cookies or logging in.
  if (size < Math.max(SHORT, teaser * 3)) {
    const probe = `${article.title ?? ""}\n${article.text}`;
    for (const [why, tells] of MARKERS) {
      if (tells.filter((re) => re.test(probe)).length >= 2) return why;
    }
  }
  if (size < Math.max(teaser * GAIN, teaser + 100) || size < 150) return "too short";
  return null;
}
