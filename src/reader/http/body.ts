/** Reading a response body with bounded memory: wire and decompressed sizes capped while streaming. */
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from "node:zlib";
import { FetchError } from "./fetch-error.ts";

/** What the body read produced. */
export interface BodyRead {
  body: Uint8Array;
  /** Bytes received on the wire (before decompression). */
  wire: number;
}

/** The decoder for a Content-Encoding; deflate is sniffed because servers send raw deflate too. */
function decoderFor(encoding: string, firstByte: number | undefined, url: string) {
  switch (encoding) {
    case "":
    case "identity":
      return null;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "br":
      return createBrotliDecompress();
    case "deflate":
      // A zlib stream starts with CM=8 in the low nibble; anything else is raw DEFLATE (RFC 1951).
      return firstByte !== undefined && (firstByte & 0x0f) === 8 ? createInflate() : createInflateRaw();
    default:
      throw new FetchError("FETCH_HTTP", `unsupported Content-Encoding "${encoding}"`, { url, status: 200 });
  }
}

/**
 * Read `source` into memory, failing as soon as more than `maxBytes` arrive on the wire or come out of
 * the decompressor (a zip bomb is stopped at the cap, not inflated).
 */
export async function readBody(
  source: Readable,
  encoding: string | null,
  maxBytes: number,
  url: string,
): Promise<BodyRead> {
  const enc = (encoding ?? "").split(",").at(-1)!.trim().toLowerCase();
  const tooLarge = (what: string) =>
    new FetchError("FETCH_TOO_LARGE", `${what} larger than fetch.maxBytes (${maxBytes} bytes): cut off`, {
      url,
      status: 200,
    });
  let wire = 0;
  let size = 0;
  const chunks: Buffer[] = [];
  const counted = async function* (src: AsyncIterable<Buffer>) {
    for await (const chunk of src) {
      wire += chunk.length;
      if (wire > maxBytes) throw tooLarge("body");
      yield chunk;
    }
  };
  const collect = async (src: AsyncIterable<Buffer>) => {
    for await (const chunk of src) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge("decompressed body");
      chunks.push(chunk);
    }
  };
  if (enc === "" || enc === "identity") {
    await pipeline(source, counted, collect);
    return { body: Buffer.concat(chunks), wire };
  }
  // The decoder is chosen on the first byte (deflate comes in two framings), so peek at it first.
  const it = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return { body: new Uint8Array(), wire: 0 };
  const decoder = decoderFor(enc, first.value[0], url);
  const replay = async function* () {
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  if (!decoder) await pipeline(replay, counted, collect);
  // The decoder is a stream stage, so backpressure bounds what it inflates ahead of the size check.
  else await pipeline(replay, counted, decoder, collect);
  return { body: Buffer.concat(chunks), wire };
}
