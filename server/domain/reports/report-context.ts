/**
 * The LA's context in its report: published DfE figures beside the median of every LA in each
 * comparison group. These are public figures, so no disclosure control applies to them.
 */
import type { FeedbackReportDto, GroupIdDto } from "../../contracts/reports.ts";
import type { RegisterLa } from "./build-report.ts";

export interface ContextRow {
  laCode: string;
  childPopulation: number | null;
  cinRate: number | null;
  cppRate: number | null;
  claRate: number | null;
}

const FIGURES: { key: keyof Omit<ContextRow, "laCode">; label: string; source: string; digits: number }[] = [
  { key: "childPopulation", label: "Children aged 0 to 17", source: "ONS mid-2024 population estimate, as used by DfE", digits: 0 },
  { key: "cinRate", label: "Children in need per 10,000 children", source: "DfE Children in need, 31 March 2025", digits: 1 },
  { key: "cppRate", label: "Children on a child protection plan per 10,000 children", source: "DfE Children in need, 31 March 2025", digits: 1 },
  { key: "claRate", label: "Children looked after per 10,000 children", source: "DfE Children looked after in England, 31 March 2025", digits: 0 },
];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function formatNumber(v: number | null, digits: number): string {
  if (v === null) return "Not published";
  return v.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function buildContext(
  la: RegisterLa,
  register: readonly RegisterLa[],
  neighbours: readonly string[],
  rows: readonly ContextRow[],
  groups: FeedbackReportDto["groups"],
): FeedbackReportDto["context"] {
  const byCode = new Map(rows.map((r) => [r.laCode, r]));
  const own = byCode.get(la.laCode);
  const members: Record<GroupIdDto, string[]> = {
    england: register.map((r) => r.laCode),
    region: register.filter((r) => r.region === la.region).map((r) => r.laCode),
    la_type: register.filter((r) => r.laType === la.laType).map((r) => r.laCode),
    neighbours: [...neighbours],
  };
  // published figures: every group that has other LAs in it is compared, submitted or not
  const compared = groups.filter((g) => members[g.id].some((c) => c !== la.laCode));
  return FIGURES.map((f) => {
    const value = own?.[f.key] ?? null;
    return {
      key: f.key,
      label: f.label,
      value,
      valueText: formatNumber(value, f.digits),
      groups: compared.map((g) => {
        const values = members[g.id].map((c) => byCode.get(c)?.[f.key]).filter((v): v is number => typeof v === "number");
        const m = median(values);
        return { groupId: g.id, label: `${g.label} (median)`, valueText: formatNumber(m === null ? null : Number(m.toFixed(f.digits)), f.digits) };
      }),
      source: f.source,
    };
  });
}
