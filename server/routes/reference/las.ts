import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { laRegister } from "../../services/reference-service.ts";
import { LaRegisterReply } from "../../contracts/reference.ts";

/** The public LA register (names, codes, regions, types are public facts). */
const las: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/las",
    { schema: { tags: ["reference"], summary: "The 153 LAs with children's social care duties", response: { 200: LaRegisterReply } } },
    async () => laRegister(app.pg.pool),
  );
};
export default las;
