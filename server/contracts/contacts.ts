/**
 * API contract for LA contacts (the people invited to answer for an LA): list, CSV import (all or
 * nothing; a 422 lists every problem as { row, field, message }), add and edit.
 */
import { Type, type Static } from "typebox";

const LaCode = () => Type.String({ pattern: "^[0-9]{3}$" });

export const ContactIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const ContactsQuery = Type.Object({ laCode: Type.Optional(LaCode()) });

export const ImportContactsBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
  { additionalProperties: false },
);

export const CreateContactBody = Type.Object(
  {
    laCode: LaCode(),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    role: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CreateContactInput = Static<typeof CreateContactBody>;

export const UpdateContactBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    role: Type.Optional(Type.String({ maxLength: 200 })),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateContactInput = Static<typeof UpdateContactBody>;

export const Contact = Type.Object({
  id: Type.String(),
  laCode: Type.String(),
  laName: Type.String(),
  name: Type.String(),
  email: Type.String(),
  /** "" when no role was given. */
  role: Type.String(),
  isActive: Type.Boolean(),
  updatedAt: Type.String(),
});
export type ContactDto = Static<typeof Contact>;

export const ContactsReply = Type.Object({ contacts: Type.Array(Contact) });
export type ContactsDto = Static<typeof ContactsReply>;

/** POST (201 when added, 200 when that LA already had the address and it was updated) and PATCH. */
export const ContactReply = Type.Object({ contact: Contact });
export type ContactReplyDto = Static<typeof ContactReply>;

export const ImportContactsReply = Type.Object({ inserted: Type.Integer(), updated: Type.Integer() });
export type ImportContactsDto = Static<typeof ImportContactsReply>;
