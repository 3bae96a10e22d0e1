import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { laRegister } from "../../services/reference-service.ts";

/** The public LA register (names, codes, regions, types are public facts). */
const LaSchema = Type.Object({
  la_code: Type.String(),
  gss_code: Type.String(),
  name: Type.String(),
  region: Type.String(),
  la_type: Type.String(),
});

const las: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/las",
    { schema: { tags: ["reference"], summary: "The 153 LAs with children's social care duties", response: { 200: Type.Array(LaSchema) } } },
    async () => laRegister(app.pg.pool),
  );
};
export default las;
