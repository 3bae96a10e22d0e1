/**
 * Case-study selection API (/api/admin/case-studies): run a selection, saved selections, the
 * typology grid and the objective in words. The engine (server/domain/case-studies) names its
 * attributes in its own terms; this contract is the camelCase shape every client sees, including
 * the attribute names used as weight keys and in the objective terms.
 */
import { Type, type Static, type TSchema } from "typebox";

const LaCode = Type.String({ pattern: "^[0-9]{3}$" });
const Weight = Type.Number({ minimum: 0, maximum: 100 });
const Wave = Type.Union([Type.Literal(1), Type.Literal(2)]);

/** The nine attributes a sample is varied on, as the API names them (weights keys, terms, coverage). */
export const SELECTION_ATTRIBUTE_NAMES = [
  "region",
  "laType",
  "ofsted",
  "trajectory",
  "capabilityBand",
  "capabilityScore",
  "childPopulation",
  "cinCount",
  "fsmPct",
] as const;
export type SelectionAttributeName = (typeof SELECTION_ATTRIBUTE_NAMES)[number];
const AttributeName = Type.Union([
  Type.Literal("region"),
  Type.Literal("laType"),
  Type.Literal("ofsted"),
  Type.Literal("trajectory"),
  Type.Literal("capabilityBand"),
  Type.Literal("capabilityScore"),
  Type.Literal("childPopulation"),
  Type.Literal("cinCount"),
  Type.Literal("fsmPct"),
]);

export const Weights = Type.Object(
  {
    region: Type.Optional(Weight),
    laType: Type.Optional(Weight),
    ofsted: Type.Optional(Weight),
    trajectory: Type.Optional(Weight),
    capabilityBand: Type.Optional(Weight),
    capabilityScore: Type.Optional(Weight),
    childPopulation: Type.Optional(Weight),
    cinCount: Type.Optional(Weight),
    fsmPct: Type.Optional(Weight),
  },
  { additionalProperties: false },
);
export type Weights = Static<typeof Weights>;

const TypeCounts = Type.Record(Type.String({ maxLength: 60 }), Type.Integer({ minimum: 0, maximum: 8 }));

export const Constraints = Type.Object(
  {
    mustInclude: Type.Optional(Type.Array(LaCode, { maxItems: 8 })),
    mustExclude: Type.Optional(Type.Array(LaCode, { maxItems: 153 })),
    atMostOnePerRegion: Type.Optional(Type.Boolean()),
    minPerType: Type.Optional(TypeCounts),
    maxPerType: Type.Optional(TypeCounts),
  },
  { additionalProperties: false },
);
export type Constraints = Static<typeof Constraints>;

const SmallLaHandling = Type.Union([Type.Literal("exclude"), Type.Literal("nearestType"), Type.Literal("none")]);

export const SmallLas = Type.Object(
  {
    handling: Type.Union([Type.Literal("exclude"), Type.Literal("nearestType"), Type.Literal("none")], {
      description: 'LAs with fewer than minChildren children aged 0-17: "exclude" leaves them out (default); "nearestType" keeps them and counts an LA that is a type of its own in the nearest ordinary type; "none" applies no rule',
    }),
    minChildren: Type.Integer({ minimum: 0, maximum: 1_000_000, description: "children aged 0-17 (default 5000: leaves out the City of London and the Isles of Scilly)" }),
  },
  { additionalProperties: false },
);

/** The most LAs one selection can pick (the exact search is bounded there). */
export const MAX_PICKS = 6;

export const RunBody = Type.Object(
  {
    wave: Wave,
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PICKS, description: "number of LAs (exact search, up to 6)" })),
    seed: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647, description: "breaks exact ties only" })),
    weights: Type.Optional(Weights),
    constraints: Type.Optional(Constraints),
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
    smallLas: Type.Optional(SmallLas),
    leaveOutDeclined: Type.Optional(
      Type.Boolean({ description: "leave out LAs whose case-study fieldwork record says they declined (default true)" }),
    ),
    note: Type.Optional(Type.String({ maxLength: 500, description: "why this run was made, kept with it (e.g. a re-run after a pick declined)" })),
  },
  { additionalProperties: false },
);
export type RunBody = Static<typeof RunBody>;

export const ListQuery = Type.Object({
  wave: Type.Optional(Wave),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export const TypologyQuery = Type.Object({
  all: Type.Optional(Type.Boolean({ description: "all 153 LAs rather than those that submitted" })),
});

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ObjectiveTerm = Type.Object({
  attribute: AttributeName,
  label: Type.String(),
  kind: Type.Union([Type.Literal("categorical"), Type.Literal("numeric")]),
  weight: Type.Number(),
  score: Type.Number({ description: "0 to 1" }),
  detail: Type.String({ description: "in plain words" }),
});

export const CaseStudyPick = Type.Object({
  laCode: Type.String(),
  laName: Type.String(),
  region: Type.String(),
  laType: Type.String(),
  ofsted: Type.String(),
  trajectory: Type.String(),
  capabilityBand: Type.String(),
  capabilityScore: Nullable(Type.Number()),
  forced: Type.Boolean(),
  contribution: Type.Number({ description: "objective lost (0 to 1) if this LA were removed and nobody replaced it" }),
  rationale: Type.String(),
});

export const CaseStudyReserve = Type.Object({
  forLaCode: Type.String({ description: "the pick this LA would replace" }),
  laCode: Nullable(Type.String()),
  laName: Nullable(Type.String()),
  region: Nullable(Type.String()),
  laType: Nullable(Type.String()),
  ofsted: Nullable(Type.String()),
  capabilityBand: Nullable(Type.String()),
  objective: Nullable(Type.Number()),
  note: Type.String(),
});

export const CategoricalCoverage = Type.Object({
  attribute: AttributeName,
  label: Type.String(),
  covered: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer(), laCodes: Type.Array(Type.String()) })),
  notCovered: Type.Array(Type.String(), { description: "values present among eligible LAs but not in the sample" }),
});

export const NumericCoverage = Type.Object({
  attribute: AttributeName,
  label: Type.String(),
  sampleMin: Nullable(Type.Number()),
  sampleMax: Nullable(Type.Number()),
  eligibleMin: Nullable(Type.Number()),
  eligibleMax: Nullable(Type.Number()),
  rankSpan: Type.Number({ description: "the sample's highest minus lowest percentile rank among eligible LAs (0 to 1)" }),
});

export const SelectionResult = Type.Object({
  wave: Wave,
  k: Type.Integer(),
  seed: Type.Integer(),
  objective: Type.Number({ description: "0 to 1: weighted mean of the attribute scores" }),
  terms: Type.Array(ObjectiveTerm),
  picks: Type.Array(CaseStudyPick),
  reserves: Type.Array(CaseStudyReserve),
  coverage: Type.Object({ categorical: Type.Array(CategoricalCoverage), numeric: Type.Array(NumericCoverage) }),
  eligibleCount: Type.Integer(),
  poolCount: Type.Integer(),
  spanBands: Type.Array(Type.String(), { description: "wave 2: capability bands the sample had to contain" }),
  weights: Type.Record(Type.String(), Type.Number()),
  constraints: Type.Object({
    mustInclude: Type.Array(Type.String()),
    mustExclude: Type.Array(Type.String()),
    atMostOnePerRegion: Type.Boolean(),
    minPerType: Type.Optional(Type.Record(Type.String(), Type.Integer())),
    maxPerType: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  }),
  search: Type.Object({ nodes: Type.Integer(), exact: Type.Boolean() }),
  smallLas: Type.Optional(
    Type.Object(
      {
        handling: SmallLaHandling,
        minChildren: Type.Integer(),
        notes: Type.Array(
          Type.Object({
            laCode: Type.String(),
            laName: Type.String(),
            childPopulation: Type.Number(),
            laType: Type.String(),
            outcome: Type.Union([Type.Literal("left out"), Type.Literal("counted as another type"), Type.Literal("kept")]),
            countedAs: Type.Optional(Type.String()),
          }),
        ),
      },
      { description: "the small-LA rule applied and what it did to the eligible small LAs (absent from results saved before the rule existed)" },
    ),
  ),
});
export type SelectionResult = Static<typeof SelectionResult>;

/** What a selection was run with (stored with a saved selection). */
export const SelectionParameters = Type.Object({
  wave: Wave,
  k: Type.Integer(),
  seed: Type.Integer(),
  weights: Type.Record(Type.String(), Type.Number()),
  constraints: Type.Record(Type.String(), Type.Unknown()),
  keep: Type.Array(Type.String()),
  declined: Type.Array(Type.String()),
  previousPicks: Type.Array(Type.String(), { description: "wave 2: the wave-1 picks, all excluded" }),
  includeMaybe: Type.Boolean(),
  bandOrder: Type.Array(Type.String()),
  eligibleCount: Nullable(Type.Integer()),
  smallLas: Type.Optional(Type.Object({ handling: SmallLaHandling, minChildren: Type.Integer() })),
  leaveOutDeclined: Type.Optional(Type.Boolean()),
  recordedDeclines: Type.Optional(
    Type.Array(Type.Object({ laCode: Type.String(), laName: Type.String(), reason: Nullable(Type.String()), recordedAt: Type.String() }), {
      description: "LAs whose fieldwork record said they declined when the run was made",
    }),
  ),
});
export type SelectionParameters = Static<typeof SelectionParameters>;

/** What a run was asked, with the defaults filled in: posting it again gives the same picks on the same data. */
export const RunRequestEcho = Type.Object({
  wave: Wave,
  k: Type.Integer(),
  seed: Type.Optional(Type.Integer()),
  weights: Type.Optional(Type.Record(Type.String(), Type.Number())),
  constraints: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  declined: Type.Optional(Type.Array(Type.String())),
  keep: Type.Optional(Type.Array(Type.String())),
  includeMaybe: Type.Optional(Type.Boolean()),
  smallLas: Type.Optional(Type.Object({ handling: SmallLaHandling, minChildren: Type.Integer() })),
  leaveOutDeclined: Type.Optional(Type.Boolean()),
});
export type RunRequestEcho = Static<typeof RunRequestEcho>;

export const RunReply = Type.Object({
  result: SelectionResult,
  parameters: SelectionParameters,
  saved: Nullable(Type.Object({ id: Type.String(), createdAt: Type.String({ format: "date-time" }) })),
  run: Type.Object({ id: Type.String(), createdAt: Type.String({ format: "date-time" }), request: RunRequestEcho }, { description: "the run as kept (every run is)" }),
});
export type RunReply = Static<typeof RunReply>;

export const SavedSelection = Type.Object({
  id: Type.String(),
  wave: Wave,
  k: Type.Integer(),
  seed: Type.Integer(),
  objective: Type.Number(),
  isCurrent: Type.Boolean(),
  createdBy: Type.String(),
  createdByKind: Type.Union([Type.Literal("user"), Type.Literal("system")]),
  createdByLabel: Nullable(Type.String({ description: "the console user's e-mail, or \"command line\"" })),
  createdAt: Type.String({ format: "date-time" }),
  parameters: SelectionParameters,
  result: SelectionResult,
});
export type SavedSelection = Static<typeof SavedSelection>;

export const SelectionListReply = Type.Object({ selections: Type.Array(SavedSelection) });
export type SelectionListReply = Static<typeof SelectionListReply>;

export const TypologyGrid = Type.Object({
  trajectories: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), total: Type.Integer() })),
  bands: Type.Array(Type.Object({ key: Type.String(), total: Type.Integer() }), { description: "lowest to highest, then any other band seen" }),
  cells: Type.Array(
    Type.Object({
      trajectory: Type.String(),
      band: Type.String(),
      count: Type.Integer(),
      las: Type.Array(Type.Object({ laCode: Type.String(), name: Type.String() })),
    }),
    { description: "row-major: cells[row * bands.length + column]" },
  ),
  total: Type.Integer(),
});
export type TypologyGrid = Static<typeof TypologyGrid>;

export const TypologyReply = Type.Object({ grid: TypologyGrid });
export type TypologyReply = Static<typeof TypologyReply>;

export const ObjectiveReply = Type.Object({ text: Type.String() });
export type ObjectiveReply = Static<typeof ObjectiveReply>;
