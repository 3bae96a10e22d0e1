/** TypeBox schemas of the definition files (catalogue.json, rules.json, questionnaire.json, mapping.json). */
import Type from "typebox";
import { ITEM_ASPECTS } from "./types.ts";

const Id = Type.String({ pattern: "^[a-z][a-z0-9_]*$", maxLength: 40 });
const NonEmpty = Type.String({ minLength: 1 });
const Population = Type.Union(
  ["children_in_need", "child_protection", "looked_after", "care_leavers", "families", "workforce"].map((p) => Type.Literal(p)),
);
const NationalReturn = Type.Union(["CIN", "SSDA903", "CSWW", "S251", "none"].map((r) => Type.Literal(r)));
const Aspect = Type.Union(ITEM_ASPECTS.map((a) => Type.Literal(a)));
const Barrier = Type.Union(
  ["not_recorded", "free_text_only", "other_system_or_agency", "not_extractable", "poor_completeness", "short_history", "unknown"].map(
    (b) => Type.Literal(b),
  ),
);
const Score = Type.Number({ minimum: 0, maximum: 100 });
const strict = { additionalProperties: false } as const;

const ItemKind = Type.Union(["child_record", "statutory_return", "aggregate"].map((k) => Type.Literal(k)));
const Framework = Type.Union(
  [
    "outcome_1_help",
    "outcome_2_family_network",
    "outcome_3_safe",
    "outcome_4_stable_homes",
    "enabler_multi_agency",
    "enabler_leaders",
    "enabler_workforce",
  ].map((k) => Type.Literal(k)),
);

export const CatalogueSchema = Type.Object(
  {
    frameworkAreas: Type.Optional(Type.Array(Type.Object({ id: Framework, name: NonEmpty }, strict), { minItems: 1 })),
    outcomeAreas: Type.Array(
      Type.Object({ id: Id, name: NonEmpty, kind: Type.Union([Type.Literal("outcome"), Type.Literal("enabler")]) }, strict),
      { minItems: 1 },
    ),
    populations: Type.Array(Type.Object({ id: Population, name: NonEmpty }, strict), { minItems: 1 }),
    dataItems: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: "^di_[a-z0-9_]+$", maxLength: 24 }),
          name: NonEmpty,
          description: NonEmpty,
          area: Id,
          population: Population,
          nationalReturn: NationalReturn,
          kind: Type.Optional(ItemKind),
          keywords: Type.Optional(Type.Array(NonEmpty, { minItems: 1 })),
        },
        strict,
      ),
      { minItems: 1 },
    ),
    indicators: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: "^ind_[a-z0-9_]+$", maxLength: 40 }),
          name: NonEmpty,
          outcomeArea: Id,
          population: Population,
          numerator: NonEmpty,
          denominator: NonEmpty,
          polarity: Type.Union([Type.Literal("high_is_good"), Type.Literal("low_is_good"), Type.Literal("context")]),
          dataItems: Type.Array(Type.Object({ id: NonEmpty, required: Type.Boolean() }, strict), { minItems: 1 }),
          collectedNationally: Type.Boolean(),
          nationalReturn: Type.Array(NationalReturn, { minItems: 1 }),
          source: NonEmpty,
          framework: Type.Optional(Framework),
          production: Type.Optional(Type.Union([Type.Literal("national"), Type.Literal("local"), Type.Literal("both")])),
          lookBackMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
        },
        strict,
      ),
      { minItems: 1 },
    ),
  },
  strict,
);

const AspectRules = Type.Object(
  {
    label: NonEmpty,
    weight: Type.Number({ minimum: 0 }),
    points: Type.Record(Type.String(), Type.Union([Score, Type.Null()])),
    barriers: Type.Record(Type.String(), Barrier),
  },
  strict,
);

export const RulesSchema = Type.Object(
  {
    id: NonEmpty,
    version: Type.Integer({ minimum: 1 }),
    item: Type.Object(
      {
        aspects: Type.Object(Object.fromEntries(ITEM_ASPECTS.map((a) => [a, AspectRules])), strict),
        combine: Type.Union([Type.Literal("min"), Type.Literal("weighted_mean")]),
        gates: Type.Array(
          Type.Object({ aspect: Aspect, values: Type.Array(NonEmpty, { minItems: 1 }), cap: Score, explanation: NonEmpty }, strict),
        ),
        requiredAspects: Type.Array(Aspect),
        impliedAnswers: Type.Optional(
          Type.Record(Type.String(), Type.Object({ answers: Type.Record(Type.String(), NonEmpty), basis: NonEmpty }, strict)),
        ),
        basis: Type.Optional(NonEmpty),
      },
      strict,
    ),
    indicator: Type.Object(
      {
        combine: Type.Literal("weakest_required"),
        explanation: NonEmpty,
        historyGate: Type.Optional(
          Type.Object(
            { monthsByValue: Type.Record(Type.String(), Type.Integer({ minimum: 0 })), cap: Score, explanation: NonEmpty, basis: NonEmpty },
            strict,
          ),
        ),
      },
      strict,
    ),
    bandsBasis: Type.Optional(NonEmpty),
    bands: Type.Array(
      Type.Object(
        {
          id: Type.Union([Type.Literal("ready_now"), Type.Literal("feasible_with_development"), Type.Literal("not_feasible_now")]),
          label: NonEmpty,
          min: Score,
        },
        strict,
      ),
      { minItems: 1 },
    ),
    capability: Type.Object(
      {
        dimensions: Type.Array(
          Type.Object(
            {
              id: Id,
              name: NonEmpty,
              cddoTheme: NonEmpty,
              descriptors: Type.Object(Object.fromEntries(["1", "2", "3", "4", "5"].map((l) => [l, NonEmpty])), strict),
              questions: Type.Array(
                Type.Object(
                  {
                    question: NonEmpty,
                    points: Type.Record(Type.String(), Score),
                    weight: Type.Number({ minimum: 0 }),
                    checkbox: Type.Optional(Type.Union([Type.Literal("sum"), Type.Literal("max")])),
                    per10kChildren: Type.Optional(
                      Type.Object(
                        {
                          fteByValue: Type.Record(Type.String(), Type.Number({ minimum: 0 })),
                          points: Type.Array(Type.Object({ min: Type.Number({ minimum: 0 }), points: Score }, strict), { minItems: 1 }),
                        },
                        strict,
                      ),
                    ),
                  },
                  strict,
                ),
              ),
              basis: Type.Optional(NonEmpty),
              includeItemFeasibility: Type.Optional(Type.Object({ weight: Type.Number({ minimum: 0 }) }, strict)),
            },
            strict,
          ),
          { minItems: 1 },
        ),
        levels: Type.Array(
          Type.Object(
            {
              level: Type.Union([1, 2, 3, 4, 5].map((l) => Type.Literal(l))),
              name: NonEmpty,
              min: Score,
              descriptor: NonEmpty,
            },
            strict,
          ),
          { minItems: 5, maxItems: 5 },
        ),
      },
      strict,
    ),
  },
  strict,
);

const ColumnText = Type.Object(
  {
    title: NonEmpty,
    description: Type.Optional(Type.String()),
    choices: Type.Record(Type.String(), NonEmpty),
    // the aspect's choices are an ordered scale (the codebook treats every aspect as ordered unless this is false)
    ordinal: Type.Optional(Type.Boolean()),
  },
  strict,
);

export const QuestionnaireSchema = Type.Object(
  {
    title: NonEmpty,
    description: Type.Optional(Type.String()),
    settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    estimate: Type.Optional(
      Type.Object(
        {
          secondsPerQuestion: Type.Number({ minimum: 0 }),
          secondsPerItemRow: Type.Number({ minimum: 0 }),
          secondsPerItemCell: Type.Optional(Type.Number({ minimum: 0 })),
          roundToMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        strict,
      ),
    ),
    pages: Type.Array(
      Type.Object({ name: Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]*$" }), elements: Type.Array(Type.Record(Type.String(), Type.Unknown())) }),
      { minItems: 1 },
    ),
    itemPages: Type.Object(
      {
        insertBefore: Type.Optional(Type.String()),
        pageDescription: NonEmpty,
        questionTitle: NonEmpty,
        columns: Type.Object(Object.fromEntries(ITEM_ASPECTS.map((a) => [a, ColumnText])), strict),
        requiredColumns: Type.Array(Aspect),
        shownWhenRecorded: Type.Array(NonEmpty, { minItems: 1 }),
        kindPages: Type.Optional(
          Type.Record(
            Type.String(),
            Type.Object(
              {
                title: NonEmpty,
                description: NonEmpty,
                questionTitle: NonEmpty,
                columns: Type.Array(Aspect, { minItems: 1 }),
                columnTexts: Type.Optional(
                  Type.Record(
                    Type.String(),
                    Type.Object(
                      { title: Type.Optional(NonEmpty), description: Type.Optional(Type.String()), choices: Type.Optional(Type.Record(Type.String(), NonEmpty)) },
                      strict,
                    ),
                  ),
                ),
              },
              strict,
            ),
          ),
        ),
      },
      strict,
    ),
    roles: Type.Optional(Type.Record(Type.String({ pattern: "^[a-z][a-z0-9_]*$" }), NonEmpty)),
    coreRoles: Type.Optional(Type.Array(NonEmpty, { minItems: 1 })),
    pageRoles: Type.Optional(Type.Record(Type.String(), NonEmpty)),
    dontKnowExempt: Type.Optional(Type.Record(Type.String(), Type.String({ minLength: 3 }))),
  },
  strict,
);

export const MappingSchema = Type.Object(
  {
    from: Type.Integer({ minimum: 1 }),
    to: Type.Integer({ minimum: 2 }),
    questions: Type.Record(
      Type.String(),
      Type.Union([
        Type.Object(
          {
            to: NonEmpty,
            values: Type.Optional(Type.Record(Type.String(), Type.String())),
            alsoTo: Type.Optional(Type.Array(NonEmpty, { minItems: 1 })),
            dropValues: Type.Optional(Type.Record(Type.String(), Type.String({ minLength: 3 }))),
            note: Type.Optional(NonEmpty),
          },
          strict,
        ),
        Type.Object({ drop: Type.Literal(true), reason: Type.String({ minLength: 3 }) }, strict),
      ]),
    ),
    rows: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Union([NonEmpty, Type.Array(NonEmpty, { minItems: 1 })])))),
  },
  strict,
);
