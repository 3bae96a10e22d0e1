/**
 * A large reply that is the same for everyone who asks (a survey definition version), serialised and
 * compressed once and then sent as bytes: brotli or gzip to browsers that accept them, plain JSON
 * otherwise. The definition is ~110 kB of JSON and ~10 kB as brotli; every respondent's browser
 * fetches it on every visit, at the same moments (an invitation wave).
 */
import zlib from "node:zlib";
import { negotiate } from "@fastify/accept-negotiator";

export interface CompressedJson {
  json: Buffer;
  br: Buffer;
  gzip: Buffer;
}

const cache = new WeakMap<object, CompressedJson>();

/** The value's JSON and its compressed forms, made once per object (definitions are cached objects, never changed). */
export function compressedJson(value: object): CompressedJson {
  let hit = cache.get(value);
  if (!hit) {
    const json = Buffer.from(JSON.stringify(value));
    hit = {
      json,
      br: zlib.brotliCompressSync(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length } }),
      gzip: zlib.gzipSync(json, { level: 9 }),
    };
    cache.set(value, hit);
  }
  return hit;
}

/** Which form to send for this Accept-Encoding header, and its Content-Encoding (none for plain JSON). */
export function pickEncoding(reply: CompressedJson, acceptEncoding: string | undefined): { body: Buffer; encoding?: "br" | "gzip" } {
  const chosen = acceptEncoding ? negotiate(acceptEncoding, ["br", "gzip"]) : null;
  if (chosen === "br") return { body: reply.br, encoding: "br" };
  if (chosen === "gzip") return { body: reply.gzip, encoding: "gzip" };
  return { body: reply.json };
}
