/**
 * HTTP security headers. SurveyJS sets inline style attributes, so style-src allows 'unsafe-inline'.
 * Answers about the API's callers (sessions, LA links, personal data) are never stored by browsers or
 * shared caches: every /api response except health and the public docs is Cache-Control: no-store.
 */
import fp from "fastify-plugin";
import helmet from "@fastify/helmet";

export default fp(
  async (app) => {
    await app.register(helmet, {
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
    app.addHook("onSend", async (request, reply, payload) => {
      // the browser features no page of this service uses
      reply.header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
      const url = request.url;
      if (url.startsWith("/api/") && !url.startsWith("/api/docs") && !url.startsWith("/api/health")) {
        reply.header("cache-control", "no-store");
      }
      return payload;
    });
  },
  { name: "security" },
);
