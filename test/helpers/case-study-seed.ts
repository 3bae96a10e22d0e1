/** Seed submitted responses, case-study answers and capability scores for case-study tests. */
import type pg from "pg";
import { seedDefinition } from "./fieldwork-seed.ts";

export interface CaseStudySeed {
  laCode: string;
  status: "in_progress" | "submitted";
  /** answer to cs_willing: "yes" | "maybe" | "no" | undefined (not answered) */
  willing?: string;
  /** capability band and score (la_scores); omitted = not scored */
  band?: "low" | "developing" | "established" | "advanced" | "unknown";
  score?: number | null;
}

export async function seedCaseStudyLas(pool: pg.Pool, seeds: CaseStudySeed[]): Promise<void> {
  await seedDefinition(pool);
  for (const s of seeds) {
    const { rows } = await pool.query(
      `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status, submitted_at)
       VALUES ($1, 'console-test', 1, 'test', $2::jsonb, 1, $3, CASE WHEN $3 = 'submitted' THEN now() END) RETURNING id`,
      [s.laCode, JSON.stringify(s.willing ? { cs_willing: s.willing } : {}), s.status],
    );
    if (s.band) {
      await pool.query(
        `INSERT INTO la_scores (la_code, response_id, response_version, response_status, survey_id, definition_version, definition_hash,
           answered_version, rules_id, rules_version, engine_version, capability_band, capability_score, capability)
         VALUES ($1, $2, 1, $3, 'console-test', 1, 'test', 1, 'test-rules', 1, 1, $4, $5, '{}'::jsonb)`,
        [s.laCode, rows[0].id, s.status, s.band, s.score ?? null],
      );
    }
  }
}

/** 14 submitted LAs that agreed, across regions, types and bands, plus some that are not eligible. */
export const STANDARD_SEEDS: CaseStudySeed[] = [
  { laCode: "202", status: "submitted", willing: "yes", band: "advanced", score: 88 }, // Camden, London
  { laCode: "204", status: "submitted", willing: "yes", band: "low", score: 12 }, // Hackney, London
  { laCode: "330", status: "submitted", willing: "yes", band: "developing", score: 35 }, // Birmingham, West Midlands
  { laCode: "886", status: "submitted", willing: "yes", band: "established", score: 61 }, // Kent, South East
  { laCode: "840", status: "submitted", willing: "yes", band: "advanced", score: 92 }, // Durham, North East
  { laCode: "881", status: "submitted", willing: "yes", band: "low", score: 18 }, // Essex, East of England
  { laCode: "420", status: "submitted", willing: "yes", band: "developing", score: 40 }, // Isles of Scilly
  { laCode: "341", status: "submitted", willing: "yes", band: "established", score: 70 }, // Liverpool, North West
  { laCode: "873", status: "submitted", willing: "yes", band: "developing", score: 44 }, // Cambridgeshire
  { laCode: "380", status: "submitted", willing: "yes", band: "low", score: 22 }, // Bradford, Yorkshire
  { laCode: "892", status: "submitted", willing: "yes", band: "established", score: 58 }, // Nottingham, East Midlands
  { laCode: "802", status: "submitted", willing: "yes", band: "advanced", score: 81 }, // North Somerset, South West
  { laCode: "919", status: "submitted", willing: "yes" }, // Hertfordshire, not scored -> unknown
  { laCode: "855", status: "submitted", willing: "yes", band: "developing", score: 47 }, // Leicestershire
  // not eligible
  { laCode: "201", status: "submitted", willing: "no", band: "advanced", score: 95 },
  { laCode: "203", status: "in_progress", willing: "yes", band: "low", score: 5 },
  { laCode: "205", status: "submitted", willing: "maybe", band: "established", score: 66 },
];
