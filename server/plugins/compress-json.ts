/**
 * Compresses the researcher console's JSON replies (brotli, else gzip) for browsers that accept it.
 * The score and indicator tables run to ~400–600 kB of JSON for 153 LAs, ~0.5 s each on an office
 * line. Registered in the console routes' scope only: respondent saves stay as cheap as they are.
 *
 * Only JSON, and only above 1 kB: exports, PDFs and CSV files keep their length (and the browser's
 * download progress). The replies that carry the CSRF token are never compressed (BREACH: a secret
 * and text a visitor controls in one compressed body), and compressed request bodies are refused
 * as before, not inflated.
 */
import zlib from "node:zlib";
import fp from "fastify-plugin";
import fastifyCompress from "@fastify/compress";

export default fp(
  async (app) => {
    await app.register(fastifyCompress, {
      global: true,
      globalDecompression: false,
      threshold: 1024,
      encodings: ["br", "gzip"],
      customTypes: (contentType: string) => contentType.startsWith("application/json"),
      // made per request: quality 4 is brotli's fast end, still ~10× smaller on these tables
      brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
      zlibOptions: { level: 6 },
    });
  },
  { name: "compress-json" },
);
