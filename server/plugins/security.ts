/**
 * HTTP security headers. SurveyJS sets inline style attributes, so style-src allows 'unsafe-inline'.
 * Answers about the API's callers (sessions, LA links, personal data) are never stored by browsers or
 * shared caches: every /api response except health and the public docs is Cache-Control: no-store.
 *
 * The headers are helmet's, worked out once at start: they never depend on the request, and building
 * them per request (as @fastify/helmet does, parsing the policy every time) was a measurable part of
 * an autosave's cost.
 */
import fp from "fastify-plugin";
import helmet, { type HelmetOptions } from "helmet";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The headers helmet sets, and those it removes, with these options. */
export function helmetHeaders(options: HelmetOptions): { set: [string, string | number | readonly string[]][]; remove: string[] } {
  const set: [string, string | number | readonly string[]][] = [];
  const remove: string[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return res;
    },
    removeHeader(name: string) {
      remove.push(name);
    },
  };
  let failed: unknown;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return { set, remove };
}

export default fp(
  async (app) => {
    const { set, remove } = helmetHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Links carry the LA token in the URL fragment; never leak paths to other sites.
      referrerPolicy: { policy: "no-referrer" },
      // on when the service is only reached over https (HSTS=true); off for plain-http development
      strictTransportSecurity: app.config.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    });
    app.addHook("onRequest", (_request, reply, done) => {
      const raw = reply.raw;
      for (const name of remove) raw.removeHeader(name);
      for (const [name, value] of set) raw.setHeader(name, value);
      done();
    });
    app.addHook("onSend", (request, reply, payload, done) => {
      // the browser features no page of this service uses
      reply.header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
      const url = request.url;
      if (url.startsWith("/api/") && !url.startsWith("/api/docs") && !url.startsWith("/api/health")) {
        reply.header("cache-control", "no-store");
      }
      done(null, payload);
    });
  },
  { name: "security" },
);
