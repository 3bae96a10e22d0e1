/** The public LA register (GET /api/las): names, codes, regions and types are public facts. */
import { Type, type Static } from "typebox";

export const RegisterLa = Type.Object({
  laCode: Type.String({ description: "the DfE three-digit LA code" }),
  gssCode: Type.String(),
  name: Type.String(),
  region: Type.String(),
  laType: Type.String(),
});
export type RegisterLa = Static<typeof RegisterLa>;

export const LaRegisterReply = Type.Array(RegisterLa);
export type LaRegisterReply = Static<typeof LaRegisterReply>;
