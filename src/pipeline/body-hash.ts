/**
 * A response body's identity for "same bytes as last time": servers that send no validators (no
 * ETag, no Last-Modified) answer every poll with the whole feed, most often unchanged.
 */
import { createHash } from "node:crypto";
import { VERSION } from "../version.ts";
import type { ParseJob } from "./parse-worker.ts";

/**
 * SHA-256 of the body and of what it is read with (its URL, for relative links; its content type;
 * the tracking parameters stripped from links; the feedwright version, whose parser may read the same
 * bytes better): equal hashes mean equal entries.
 */
export function bodyHash(job: ParseJob): string {
  return createHash("sha256")
    .update(`${VERSION}\n${job.baseUrl}\n${job.contentType ?? ""}\n${(job.trackingParams ?? []).join(",")}\n`)
    .update(job.bytes)
    .digest("base64url");
}
