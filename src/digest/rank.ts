/** The documented ranking score of a story. */

/** Inputs of the score. */
export interface RankInput {
  /** The primary entry's feed `priority` (config; default 0). */
  priority: number;
  /** How many feeds reported the story. */
  sources: number;
  published: string;
  windowEnd: Date;
  windowDays: number;
}

/**
 * score = priority + 0.5 × (sources − 1) + recency, where recency falls linearly from 1 (at the end
 * of the window) to 0 (at its start). So one priority point outweighs any age difference inside the
 * window, and a story reported by three feeds outranks a fresher one reported once.
 */
export function rankScore(r: RankInput): number {
  const span = r.windowDays * 86_400_000;
  const age = r.windowEnd.getTime() - Date.parse(r.published);
  const recency = Math.min(1, Math.max(0, 1 - age / span));
  return r.priority + 0.5 * (r.sources - 1) + recency;
}
