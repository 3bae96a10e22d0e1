import { Type } from "typebox";

export const ContactIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export const TemplateKeyParams = Type.Object({ key: Type.Union([Type.Literal("invitation"), Type.Literal("reminder")]) });

export const ContactsQuery = Type.Object({ laCode: Type.Optional(Type.String({ pattern: "^[0-9]{3}$" })) });

export const ImportContactsBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
  { additionalProperties: false },
);

export const CreateContactBody = Type.Object(
  {
    laCode: Type.String({ pattern: "^[0-9]{3}$" }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    role: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const UpdateContactBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    role: Type.Optional(Type.String({ maxLength: 200 })),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const TemplateBody = Type.Object(
  { subject: Type.String({ maxLength: 200 }), body: Type.String({ maxLength: 20_000 }) },
  { additionalProperties: false },
);

const Kind = Type.Union([Type.Literal("invitation"), Type.Literal("reminder")]);

export const PreviewBody = Type.Object(
  {
    kind: Kind,
    laCode: Type.Optional(Type.String({ pattern: "^[0-9]{3}$" })),
    laCodes: Type.Optional(Type.Array(Type.String({ pattern: "^[0-9]{3}$" }), { maxItems: 500 })),
    /** Unsaved edits to preview; default: the stored template. */
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    body: Type.Optional(Type.String({ maxLength: 20_000 })),
    deadline: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const SendBody = Type.Object(
  {
    kind: Kind,
    laCodes: Type.Optional(Type.Array(Type.String({ pattern: "^[0-9]{3}$" }), { minItems: 1, maxItems: 500 })),
    deadline: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const SendsQuery = Type.Object({ laCode: Type.Optional(Type.String({ pattern: "^[0-9]{3}$" })) });
