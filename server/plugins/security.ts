/** HTTP security headers. SurveyJS sets inline style attributes, so style-src allows 'unsafe-inline'. */
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
      strictTransportSecurity: false, // set by the TLS-terminating proxy in production
    });
  },
  { name: "security" },
);
