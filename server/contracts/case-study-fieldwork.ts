/**
 * API contract for case-study fieldwork: records, findings with frozen predictions, validation of
 * the survey against the findings, consultations with service users. `result` and `reason` are plain
 * strings here so that an unknown value reaches the service and is refused as 422 naming it.
 */
import { Type, type Static } from "typebox";

export const LaCodeParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }) }, { additionalProperties: false });

const ShortText = (maxLength: number) => Type.String({ maxLength });

export const FindingInput = Type.Object(
  {
    indicatorId: Type.String({ minLength: 1, maxLength: 100 }),
    result: Type.String({ maxLength: 50 }),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
    notes: Type.Optional(ShortText(4000)),
    definitionChange: Type.Optional(Type.Union([ShortText(4000), Type.Null()])),
  },
  { additionalProperties: false },
);
export const PutFindingsBody = Type.Object({ findings: Type.Array(FindingInput, { maxItems: 500 }) }, { additionalProperties: false });
export const PutFindingsReply = Type.Object({ saved: Type.Integer() });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Finding = Type.Object({
  indicatorId: Type.String(),
  indicatorName: Type.String(),
  result: Type.String(),
  reason: Nullable(Type.String()),
  notes: Type.String(),
  definitionChange: Nullable(Type.String()),
  proposalStatus: Nullable(Type.String()),
  predictedBand: Type.String(),
  predictedScore: Type.Union([Type.Number(), Type.Null()]),
  rulesVersion: Type.Union([Type.Integer(), Type.Null()]),
  recordedAt: Type.String(),
  recordedBy: Type.String(),
});
export const GetFindingsReply = Type.Object({ findings: Type.Array(Finding) });
export type FindingDto = Static<typeof Finding>;

const Confusion = Type.Array(Type.Object({ predicted: Type.String(), observed: Type.String(), count: Type.Integer() }));
const AgreementFields = {
  n: Type.Integer(),
  nNotEnoughInformation: Type.Integer(),
  agreement: Type.Union([Type.Number(), Type.Null()]),
  kappa: Type.Union([Type.Number(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  confusion: Confusion,
};
const Group = Type.Object({ key: Type.String(), label: Type.String(), ...AgreementFields });
export const ValidationReply = Type.Object({
  ...AgreementFields,
  byIndicator: Type.Array(Group),
  byLa: Type.Array(Group),
  byWave: Type.Array(Group),
  byCapabilityBand: Type.Array(Group),
  byOfstedTrajectory: Type.Array(Group),
  mispredictions: Type.Array(
    Type.Object({
      predicted: Type.String(),
      observed: Type.String(),
      direction: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      reasonLabel: Type.String(),
      count: Type.Integer(),
      findings: Type.Array(Type.Object({ laCode: Type.String(), laName: Type.String(), indicatorId: Type.String(), indicatorName: Type.String() })),
    }),
  ),
});
export type ValidationDto = Static<typeof ValidationReply>;

export const CaseStudyLa = Type.Object({
  laCode: Type.String(),
  name: Type.String(),
  region: Type.String(),
  laType: Type.String(),
  wave: Type.Integer(),
  status: Type.String(),
  findings: Type.Integer(),
  consultations: Type.Integer(),
});
export const ListCaseStudyLasReply = Type.Object({ las: Type.Array(CaseStudyLa) });
export type CaseStudyLaDto = Static<typeof CaseStudyLa>;

export const RECORD_STATUSES = ["invited", "agreed", "declined", "visits_done", "closed"] as const;
const IsoDate = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });

export const RecordBody = Type.Object(
  {
    status: Type.Union(RECORD_STATUSES.map((s) => Type.Literal(s))),
    declineReason: Type.Optional(Type.Union([ShortText(1000), Type.Null()])),
    visitDates: Type.Optional(Type.Array(IsoDate, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type RecordBodyDto = Static<typeof RecordBody>;

export const ContactBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 254, format: "email" }), Type.Null()])),
    role: Type.Optional(Type.Union([ShortText(200), Type.Null()])),
  },
  { additionalProperties: false },
);
export const ContactParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }), id: Type.String({ pattern: "^[0-9]{1,18}$" }) }, { additionalProperties: false });
export const LogBody = Type.Object({ entry: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });

export const ThemeInput = Type.Object(
  {
    theme: Type.String({ minLength: 1, maxLength: 1000 }),
    outcomeArea: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    indicatorIds: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const ConsultationBody = Type.Object(
  {
    heldOn: IsoDate,
    format: Type.String({ minLength: 1, maxLength: 200 }),
    group: Type.String({ minLength: 1, maxLength: 200 }),
    participants: Type.Integer({ minimum: 0, maximum: 10000 }),
    themes: Type.Array(ThemeInput, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type ConsultationBodyDto = Static<typeof ConsultationBody>;

const Consultation = Type.Object({
  id: Type.String(),
  laCode: Type.String(),
  heldOn: Type.String(),
  format: Type.String(),
  group: Type.String(),
  participants: Type.Integer(),
  themes: Type.Array(Type.Object({ theme: Type.String(), outcomeArea: Type.Union([Type.String(), Type.Null()]), indicatorIds: Type.Array(Type.String()) })),
  createdAt: Type.String(),
});
export type ConsultationDto = Static<typeof Consultation>;

export const CaseStudyDetailReply = Type.Object({
  la: CaseStudyLa,
  record: Type.Object({ status: Type.String(), declineReason: Type.Union([Type.String(), Type.Null()]), visitDates: Type.Array(Type.String()), updatedAt: Type.Union([Type.String(), Type.Null()]) }),
  contacts: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), email: Type.Union([Type.String(), Type.Null()]), role: Type.Union([Type.String(), Type.Null()]), erased: Type.Boolean() })),
  log: Type.Array(Type.Object({ id: Type.String(), entry: Type.String(), createdAt: Type.String(), createdBy: Type.String() })),
  consultations: Type.Array(Consultation),
  /** indicators of the current catalogue, with the LA's current survey band, for the findings form */
  indicators: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), outcomeArea: Type.String(), band: Type.Union([Type.String(), Type.Null()]), score: Type.Union([Type.Number(), Type.Null()]) }),
  ),
  outcomeAreas: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export type CaseStudyDetailDto = Static<typeof CaseStudyDetailReply>;

export const ProposalsReply = Type.Object({
  proposals: Type.Array(
    Type.Object({ laCode: Type.String(), laName: Type.String(), indicatorId: Type.String(), indicatorName: Type.String(), change: Type.String(), status: Type.String(), recordedAt: Type.String() }),
  ),
});
export const ProposalParams = Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }), indicatorId: Type.String({ maxLength: 100 }) }, { additionalProperties: false });
export const ProposalBody = Type.Object({ status: Type.Union([Type.Literal("proposed"), Type.Literal("accepted"), Type.Literal("rejected")]) }, { additionalProperties: false });
export const OkReply = Type.Object({ ok: Type.Boolean() });
export const IdReply = Type.Object({ id: Type.String() });
