/** Common headline words, which weigh little when comparing stories. */
import { hashString } from "./minhash.ts";

/**
 * Words that recur across unrelated tech-news headlines ("X raises Series C", "CNCF announces Y's
 * graduation", "某某发布…正式版"). They count a quarter, so templated headlines are compared on the
 * names that differ rather than the template they share. English words; Chinese as bigrams.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    "announce announces announced announcing introduce introduces introducing launch launches launched " +
    "release releases released releasing ships shipped available availability general ga preview beta stable " +
    "update updates updated version versions patch fix fixes fixed adds add brings bring makes make gets get " +
    "raise raises raised funding round series led valuation acquire acquires acquired acquisition acquisitions " +
    "buy buys completes completed closes closed deal startup company companies firm " +
    "security vulnerability vulnerabilities flaw flaws bug bugs cve exploit attack attackers outage outages " +
    "cloud native ai data open source platform platforms tool tools support supports kubernetes k8s cncf " +
    "container containers today week year first latest says said report reports how why what's " +
    "发布 正式 推出 宣布 完成 融资 领投 亿元 漏洞 模型 大模 版本 支持 今日 今天 公司 全球 用户 服务 平台 " +
    "技术 云原 原生 开源 升级 新一 一代 能力 亮相 系列 正式 上线 更新 修复 高危 曝光 获得 首发 官方 进入 稳定"
  ).split(" "),
);

const COMMON_HASHES = new Set([...COMMON_WORDS].map(hashString));

/** True when hashString(token) is that of a common headline word (for scans that only hash). */
export function isCommonHash(hash: number): boolean {
  return COMMON_HASHES.has(hash >>> 0);
}
