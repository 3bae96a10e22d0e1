/** The built client is sent compressed (brotli, else gzip) to browsers that accept it, and cached for good. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/build-test-app.ts";
import { ensureFreshClient } from "../support/client-build.ts";

describe("static client files", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let dist: string;
  beforeAll(async () => {
    dist = ensureFreshClient();
    t = await buildTestApp({ clientRoot: dist });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it("has a brotli and a gzip copy of every script and style over 1 kB, each the same file once decompressed", () => {
    const assets = fs.readdirSync(path.join(dist, "assets")).filter((f) => /\.(js|css)$/.test(f));
    const large = assets.filter((f) => fs.statSync(path.join(dist, "assets", f)).size >= 1024);
    expect(large.length).toBeGreaterThan(5);
    for (const f of large) {
      const plain = fs.readFileSync(path.join(dist, "assets", f));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dist, "assets", `${f}.br`))).equals(plain), f).toBe(true);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dist, "assets", `${f}.gz`))).equals(plain), f).toBe(true);
    }
  });

  it("sends the survey's script as brotli, as gzip, or plain, by what the browser accepts", async () => {
    const scripts = fs.readdirSync(path.join(dist, "assets")).filter((f) => f.endsWith(".js"));
    const largest = scripts.sort((a, b) => fs.statSync(path.join(dist, "assets", b)).size - fs.statSync(path.join(dist, "assets", a)).size)[0];
    const plain = fs.readFileSync(path.join(dist, "assets", largest));
    const get = (acceptEncoding: string) => t.app.inject({ url: `/assets/${largest}`, headers: { "accept-encoding": acceptEncoding } });

    const br = await get("gzip, deflate, br, zstd"); // what Chromium sends
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.rawPayload.length).toBeLessThan(plain.length / 3);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(plain)).toBe(true);

    const gz = await get("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.rawPayload).equals(plain)).toBe(true);

    const none = await get("identity");
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.rawPayload.equals(plain)).toBe(true);
  });

  it("answers a script of an earlier build with 404, not with the page", async () => {
    const res = await t.app.inject({ url: "/assets/index-0ld8uild.js", headers: { "accept-encoding": "gzip, br" } });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/text\/plain/);
    expect(res.body).not.toMatch(/<div id="root">/);
  });

  it("still serves the page itself for the survey and console addresses", async () => {
    for (const url of ["/", "/r", "/console/las"]) {
      const res = await t.app.inject({ url, headers: { "accept-encoding": "gzip, br" } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"], url).toMatch(/text\/html/);
      expect(res.body, url).toMatch(/<div id="root">/);
    }
  });

  it("sends /r with the build's own survey chunk preloaded, and other pages without it", async () => {
    const chunk = fs.readdirSync(path.join(dist, "assets")).find((f) => /^respondent-page-.*\.js$/.test(f));
    expect(chunk).toBeDefined();
    for (const url of ["/r", "/r/"]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.body).toContain(`<link rel="modulepreload" crossorigin href="/assets/${chunk}">`);
      // the preloaded file is there to be fetched
      expect((await t.app.inject({ url: `/assets/${chunk}` })).statusCode).toBe(200);
    }
    for (const url of ["/", "/console", "/delphi"]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.body).not.toContain(chunk);
    }
  });

  it("does not serve the build's manifest", async () => {
    expect((await t.app.inject({ url: "/.vite/manifest.json" })).body).not.toContain("respondent-page");
  });
});

describe("a client rebuilt while the service runs", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let root: string;
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  };
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "client-rebuilt-"));
    write("index.html", '<div id="root"></div><script type="module" src="/assets/index-first.js"></script>');
    write("assets/index-first.js", "console.log('first build')");
    t = await buildTestApp({ clientRoot: root });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("serves the new build's files that its page names, without a restart", async () => {
    // as `npm start` or a deploy does: the old files go, the new page names new files
    fs.rmSync(path.join(root, "assets"), { recursive: true });
    write("index.html", '<div id="root"></div><script type="module" src="/assets/index-second.js"></script>');
    write("assets/index-second.js", "console.log('second build')");
    const page = await t.app.inject({ url: "/console/las" });
    expect(page.body).toContain("/assets/index-second.js");
    // the survey's page (made from the build's index.html) is made again too
    expect((await t.app.inject({ url: "/r" })).body).toContain("/assets/index-second.js");
    const script = await t.app.inject({ url: "/assets/index-second.js" });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe("console.log('second build')");
    expect((await t.app.inject({ url: "/assets/index-first.js" })).statusCode).toBe(404);
    expect((await t.app.inject({ url: "/api/nothing-here" })).json()).toMatchObject({ statusCode: 404 });
  });
});
