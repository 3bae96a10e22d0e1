/** TypeBox schemas for /api/admin/case-studies (case-study selection). */
import { Type } from "typebox";

const LaCode = Type.String({ pattern: "^[0-9]{3}$" });
const Weight = Type.Number({ minimum: 0, maximum: 100 });

export const WeightsSchema = Type.Object(
  {
    region: Type.Optional(Weight),
    la_type: Type.Optional(Weight),
    ofsted: Type.Optional(Weight),
    trajectory: Type.Optional(Weight),
    capability_band: Type.Optional(Weight),
    capability_score: Type.Optional(Weight),
    child_population: Type.Optional(Weight),
    cin_count: Type.Optional(Weight),
    fsm_pct: Type.Optional(Weight),
  },
  { additionalProperties: false },
);

export const ConstraintsSchema = Type.Object(
  {
    mustInclude: Type.Optional(Type.Array(LaCode, { maxItems: 8 })),
    mustExclude: Type.Optional(Type.Array(LaCode, { maxItems: 153 })),
    atMostOnePerRegion: Type.Optional(Type.Boolean()),
    minPerType: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Integer({ minimum: 0, maximum: 8 }))),
    maxPerType: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Integer({ minimum: 0, maximum: 8 }))),
  },
  { additionalProperties: false },
);

export const SmallLasSchema = Type.Object(
  {
    handling: Type.Union([Type.Literal("exclude"), Type.Literal("nearestType"), Type.Literal("none")], {
      description: 'LAs with fewer than minChildren children aged 0-17: "exclude" leaves them out (default); "nearestType" keeps them and counts an LA that is a type of its own in the nearest ordinary type; "none" applies no rule',
    }),
    minChildren: Type.Integer({ minimum: 0, maximum: 1_000_000, description: "children aged 0-17 (default 5000: leaves out the City of London and the Isles of Scilly)" }),
  },
  { additionalProperties: false },
);

export const RunBody = Type.Object(
  {
    wave: Type.Union([Type.Literal(1), Type.Literal(2)]),
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, description: "number of LAs (exact search, up to 6)" })),
    seed: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647, description: "breaks exact ties only" })),
    weights: Type.Optional(WeightsSchema),
    constraints: Type.Optional(ConstraintsSchema),
    declined: Type.Optional(Type.Array(LaCode, { maxItems: 153, description: "LAs that declined (excluded)" })),
    keep: Type.Optional(Type.Array(LaCode, { maxItems: 8, description: "picks to keep (forced in), e.g. after a decline" })),
    declineSaved: Type.Optional(
      Type.Array(LaCode, {
        maxItems: 8,
        description: "re-run this wave's saved selection with these picks declined, keeping the others (other fields ignored)",
      }),
    ),
    includeMaybe: Type.Optional(Type.Boolean({ description: 'count "Possibly" answers as agreeing to take part' })),
    save: Type.Optional(Type.Boolean({ description: "record the result as this wave's selection" })),
    smallLas: Type.Optional(SmallLasSchema),
    leaveOutDeclined: Type.Optional(
      Type.Boolean({ description: "leave out LAs whose case-study fieldwork record says they declined (default true)" }),
    ),
    note: Type.Optional(Type.String({ maxLength: 500, description: "why this run was made, kept with it (e.g. a re-run after a pick declined)" })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object({
  wave: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const TypologyQuery = Type.Object({
  all: Type.Optional(Type.Boolean({ description: "all 153 LAs rather than those that submitted" })),
});
