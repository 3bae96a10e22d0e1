/**
 * API contract for LA survey links (admin): the state of every LA's link, issuing, reissuing and
 * revoking one, and issuing every missing link as a mail-merge CSV. A link's token is in a reply
 * only once, when it is issued; the service keeps its hash.
 */
import { Type, type Static } from "typebox";

export const LinkLaParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$", description: "the 3-digit LA code" }) }, { additionalProperties: false });

const When = Type.Union([Type.String(), Type.Null()]);

export const LINK_STATES = ["live", "expired", "revoked", "none"] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const LaLink = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  region: Type.String(),
  /** live: at least one link works; otherwise the state of the newest link, or none ever issued */
  state: Type.Union([Type.Literal("live"), Type.Literal("expired"), Type.Literal("revoked"), Type.Literal("none")]),
  /** links that work now (an e-mail campaign issues one per send) */
  liveLinks: Type.Integer(),
  issuedAt: When,
  lastUsedAt: When,
  expiresAt: When,
  revokedAt: When,
});
export type LaLinkDto = Static<typeof LaLink>;

export const ListLinksReply = Type.Object({ links: Type.Array(LaLink), ttlDays: Type.Integer() });
export type ListLinksDto = Static<typeof ListLinksReply>;

export const IssuedLinkReply = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  /** the working link, shown once: it cannot be read back later */
  link: Type.String(),
  expiresAt: Type.String(),
  /** earlier links this action revoked */
  revoked: Type.Integer(),
});
export type IssuedLinkDto = Static<typeof IssuedLinkReply>;

export const RevokeLinkReply = Type.Object({ laCode: Type.String(), revoked: Type.Integer() });
