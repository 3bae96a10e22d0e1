import { Type, type Static } from "typebox";

const Status = Type.Union([Type.Literal("submitted"), Type.Literal("started"), Type.Literal("all")], {
  description: "which responses: submitted, started (in progress or submitted) or all",
});

export const MatrixQuery = Type.Object({
  status: Type.Optional(Status),
  includeDemo: Type.Optional(Type.Boolean({ description: "include demo responses (default true)" })),
});

/** The summary is filtered the same way as the matrix. */
export const SummaryQuery = MatrixQuery;

export const LaCodeParams = Type.Object({
  laCode: Type.String({ pattern: "^[0-9]{3}$", description: "DfE 3-digit LA code" }),
});

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const Band = Type.Union([
  Type.Literal("ready_now"),
  Type.Literal("feasible_with_development"),
  Type.Literal("not_feasible_now"),
  Type.Literal("not_enough_information"),
]);
const BandCounts = Type.Object({
  ready_now: Type.Integer(),
  feasible_with_development: Type.Integer(),
  not_feasible_now: Type.Integer(),
  not_enough_information: Type.Integer(),
});

const RulesInfo = {
  surveyId: Type.String(),
  definitionVersion: Type.Integer(),
  rulesId: Type.String(),
  rulesVersion: Type.Integer(),
};

/** The LA and its response, as the matrix row and the LA's own scores both start. */
const LaFields = {
  laCode: Type.String(),
  name: Type.String(),
  region: Type.String(),
  laType: Type.String(),
  ofsted: Type.Union([Type.String(), Type.Null()]),
  responseStatus: Type.String(),
  isDemo: Type.Boolean(),
};

/** The LA's capability level and band counts as last computed, in the matrix row and the LA's own scores. */
const CapabilitySummaryFields = {
  capabilityBand: Type.String(),
  capabilityScore: Nullable(Type.Number()),
  medianLevel: Nullable(Type.Number()),
  lowestLevel: Nullable(Type.Number()),
  bandCounts: BandCounts,
  computedAt: Type.String(),
};

export const MatrixResponse = Type.Object({
  ...RulesInfo,
  bands: Type.Array(Type.Object({ id: Band, label: Type.String(), min: Type.Union([Type.Number(), Type.Null()]) })),
  capabilityBands: Type.Array(Type.String(), { description: "lowest to highest; 'unknown' is outside the order" }),
  outcomeAreas: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }), {
    description: "the catalogue's outcome areas and enablers (indicators[].outcomeArea is an id)",
  }),
  indicators: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      outcomeArea: Type.String(),
      population: Type.String(),
      polarity: Type.String(),
      collectedNationally: Type.Boolean(),
    }),
  ),
  las: Type.Array(
    Type.Object({
      ...LaFields,
      definitionVersion: Type.Integer(),
      answeredVersion: Type.Integer(),
      rulesVersion: Type.Integer(),
      ...CapabilitySummaryFields,
      scores: Type.Record(Type.String(), Type.Object({ score: Nullable(Type.Number()), band: Band })),
    }),
  ),
});

export const LaScoresResponse = Type.Object({
  ...LaFields,
  surveyId: Type.String(),
  definitionVersion: Type.Integer(),
  definitionHash: Type.String(),
  answeredVersion: Type.Integer(),
  rulesId: Type.String(),
  rulesVersion: Type.Integer(),
  engineVersion: Type.Integer(),
  responseVersion: Type.Integer(),
  ...CapabilitySummaryFields,
  capability: Type.Unknown({ description: "CapabilityProfile (server/domain/scoring/types.ts)" }),
  indicators: Type.Array(Type.Unknown({ description: "IndicatorExplanation: score, band, barriers, steps, items with answers" })),
  items: Type.Array(Type.Unknown({ description: "ItemScore: answers per aspect, points, gates, steps" })),
  capabilityScale: Type.Object(
    {
      rulesVersion: Type.Integer(),
      levels: Type.Array(Type.Object({ level: Type.Integer(), name: Type.String(), min: Type.Number(), descriptor: Type.String() })),
      dimensions: Type.Array(
        Type.Object({ id: Type.String(), name: Type.String(), cddoTheme: Type.String(), descriptors: Type.Record(Type.String(), Type.String()) }),
      ),
    },
    { description: "The five capability levels and what each level looks like on each CDDO dimension (rules the LA was scored with)" },
  ),
});

export const SummaryResponse = Type.Object({
  ...RulesInfo,
  status: Type.String(),
  includeDemo: Type.Boolean(),
  respondingLas: Type.Integer(),
  outcomeAreas: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }), {
    description: "the catalogue's outcome areas and enablers (indicators[].outcomeArea is an id)",
  }),
  indicators: Type.Array(Type.Unknown({ description: "IndicatorSummary (server/domain/scoring/summarise-indicators.ts)" })),
});

export type Matrix = Static<typeof MatrixResponse>;
export type MatrixLa = Matrix["las"][number];
export type MatrixIndicator = Matrix["indicators"][number];
/** capability, indicators and items are typed by the pure scoring domain (server/domain/scoring/types.ts). */
export type LaScoresDto = Static<typeof LaScoresResponse>;
export type SummaryDto = Static<typeof SummaryResponse>;
