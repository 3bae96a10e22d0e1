/**
 * The feedback report as an accessible PDF, written by pdfkit: tagged (PDF/UA structure: headings,
 * paragraphs, tables with header cells, a figure with alternative text), title and language set,
 * one openly licensed TrueType font (DejaVu Sans, shipped in server/assets/fonts with its licence)
 * passed by file path and embedded, never the built-in fonts; page numbers as artifacts.
 * The text and numbers are those of the web report (the same FeedbackReportDto).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type PDFKitDocument from "pdfkit";
import type { ComparisonDto, FeedbackReportDto } from "../contracts/reports.ts";

const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../assets/fonts");
export const REPORT_FONT = path.join(FONT_DIR, "DejaVuSans.ttf");
export const REPORT_FONT_BOLD = path.join(FONT_DIR, "DejaVuSans-Bold.ttf");
const REGULAR = REPORT_FONT;
const BOLD = REPORT_FONT_BOLD;

type Doc = InstanceType<typeof PDFKitDocument>;
type Struct = ReturnType<Doc["struct"]>;

const GROUP_ORDER = ["england", "region", "la_type", "neighbours"] as const;

export function comparisonCell(c: ComparisonDto | undefined): string {
  return c ? c.text : "";
}

/** Header labels of the comparison columns shown in this report (groups that are shown). */
export function comparisonHeaders(report: FeedbackReportDto): { id: (typeof GROUP_ORDER)[number]; label: string }[] {
  return GROUP_ORDER.map((id) => report.groups.find((g) => g.id === id)!).filter((g) => g.shown).map((g) => ({ id: g.id, label: g.id === "neighbours" ? "Statistical neighbours" : g.label }));
}

class Writer {
  constructor(
    readonly doc: Doc,
    readonly root: Struct,
  ) {}

  private ensureSpace(height: number) {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  heading(text: string, level: 1 | 2 | 3) {
    const size = level === 1 ? 20 : level === 2 ? 15 : 12;
    this.ensureSpace(size * 3 + 90); // keep a heading with what follows it
    if (level > 1) this.doc.moveDown(0.6);
    this.doc.font(BOLD).fontSize(size).fillColor("#0b0c0c");
    this.doc.text(text, { structParent: this.root, structType: `H${level}` });
    this.doc.font(REGULAR).fontSize(10).moveDown(0.3);
  }

  para(text: string, opts: { size?: number; bold?: boolean } = {}) {
    this.doc.font(opts.bold ? BOLD : REGULAR).fontSize(opts.size ?? 10).fillColor("#0b0c0c");
    this.doc.text(text, { structParent: this.root, structType: "P" });
    this.doc.font(REGULAR).fontSize(10).moveDown(0.3);
  }

  /** A table with one header row (TH, column scope) and, when rowHeaders, a header first column. */
  table(header: string[], rows: string[][], widths: number[], opts: { rowHeaders?: boolean; size?: number } = {}) {
    const size = opts.size ?? 8.5;
    this.ensureSpace(60);
    this.doc.fontSize(size);
    const head = header.map((text) => ({ text, type: "TH" as const, scope: "column", font: { src: BOLD }, backgroundColor: "#f3f2f1" }));
    const body = rows.map((r) => r.map((text, i) => (i === 0 && opts.rowHeaders ? { text, type: "TH" as const, scope: "row", font: { src: BOLD } } : { text })));
    this.doc.table({
      structParent: this.root,
      columnStyles: widths,
      defaultStyle: { border: 0.5, borderColor: "#b1b4b6", padding: 3 },
      data: [head, ...body],
    } as Parameters<Doc["table"]>[0] & { data: unknown[] });
    this.doc.fontSize(10).moveDown(0.6);
    this.doc.x = this.doc.page.margins.left;
  }

  /** Horizontal bars of the capability levels, as a tagged figure with alternative text. */
  levelsFigure(report: FeedbackReportDto) {
    const themes = report.capability;
    const rowH = 16;
    const height = themes.length * rowH + 24;
    this.ensureSpace(height + 10);
    const alt = `Bar chart of ${report.laName}'s capability level on each theme, from 1 to 5: ${themes.map((t) => `${t.name} ${t.level === null ? "not enough information" : `level ${t.level}`}`).join("; ")}. The same figures are in the table below.`;
    const x0 = this.doc.page.margins.left;
    const y0 = this.doc.y;
    const labelW = 120;
    const barMax = 300;
    const doc = this.doc;
    const fig = doc.struct("Figure", { alt }, () => {
      doc.font(REGULAR).fontSize(8.5).fillColor("#0b0c0c");
      themes.forEach((t, i) => {
        const y = y0 + i * rowH;
        doc.text(t.name, x0, y + 3, { width: labelW - 6, lineBreak: false });
        const w = ((t.level ?? 0) / 5) * barMax;
        if (w > 0) doc.rect(x0 + labelW, y + 2, w, rowH - 5).fill("#1d70b8");
        doc.fillColor("#0b0c0c").text(t.level === null ? "Not enough information" : `Level ${t.level}`, x0 + labelW + w + 4, y + 3, { lineBreak: false });
      });
      doc.strokeColor("#0b0c0c").moveTo(x0 + labelW, y0).lineTo(x0 + labelW, y0 + themes.length * rowH).stroke();
    });
    this.root.add(fig);
    doc.x = x0;
    doc.y = y0 + height;
  }
}

function levelText(level: number | null, name: string): string {
  return level === null ? name : `Level ${level} (${name})`;
}

/** pdfkit, loaded on first use so the service starts (and every other route works) without it. */
let pdfkit: Promise<typeof PDFKitDocument> | undefined;
const loadPdfkit = () => (pdfkit ??= import("pdfkit").then((m) => m.default));

/**
 * The two report fonts, parsed once per thread and shared by every document it renders, with the
 * shaped words of earlier reports. Laying out words (OpenType shaping) and parsing the font files are
 * much of a report's cost, and the reports share most of their words. Each document still embeds its
 * own subset of the font. Fonts are selected by file path throughout, as pdfkit's tables restore the
 * font after each cell by its source and a path is found in the document's font cache. This uses
 * pdfkit 0.20's fields `_font`, `_fontFamilies` (document) and `font`, `layoutCache` (embedded font);
 * if a later pdfkit renames them, nothing is shared and documents are made as before (slower, same
 * text on the page).
 */
interface SharedFont {
  parsed: object;
  layoutCache: Record<string, unknown>;
}
const sharedFonts = new Map<string, SharedFont>();
interface EmbeddedFontFields {
  font?: { layout?: unknown };
  layoutCache?: Record<string, unknown>;
}
interface DocFontFields {
  _font?: EmbeddedFontFields;
  _fontFamilies?: Record<string, unknown>;
}

function selectSharedFont(doc: Doc, file: string): void {
  const internals = doc as unknown as DocFontFields;
  const shared = sharedFonts.get(file);
  if (shared && internals._fontFamilies) {
    doc.font(shared.parsed as unknown as string); // an embedded font on the parsed font, not the file
    internals._fontFamilies[file] = internals._font;
  }
  doc.font(file);
  const embedded = internals._font;
  if (!embedded?.font || typeof embedded.font.layout !== "function" || !embedded.layoutCache) return;
  if (shared) embedded.layoutCache = shared.layoutCache;
  else sharedFonts.set(file, { parsed: embedded.font, layoutCache: embedded.layoutCache });
}

export async function renderReportPdf(report: FeedbackReportDto): Promise<Buffer> {
  const PDFDocument = await loadPdfkit();
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    pdfVersion: "1.7",
    tagged: true,
    subset: "PDF/UA" as never, // pdfkit writes PDF/UA-1 identification; the type declarations list only PDF/A
    lang: "en-GB",
    displayTitle: true,
    // no document font here: the report fonts are registered by name just below (selectSharedFont), and
    // every piece of text names one of them, so pdfkit's default Helvetica is created but never used
    bufferPages: true,
    info: { Title: report.title, Subject: "Feedback report: data capability and indicator feasibility", Author: "LA Data Capability Audit" },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  selectSharedFont(doc, BOLD);
  selectSharedFont(doc, REGULAR);
  const root = doc.struct("Document");
  doc.addStructure(root);
  const w = new Writer(doc, root);
  const contentWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const cols = comparisonHeaders(report);

  w.heading(report.title, 1);
  w.para(`Feedback report for ${report.laName} (${report.region}, ${report.laType}). National snapshot of ${report.snapshot.takenAt.slice(0, 10)}: ${report.snapshot.submittedLas} LAs with submitted responses.`);
  w.para(report.confidentiality, { size: 9 });

  w.heading("Summary", 2);
  w.para(report.summary.standing);
  w.table(["Band", "Indicators"], report.summary.bandCounts.map((b) => [b.label, String(b.count)]), [contentWidth * 0.6, contentWidth * 0.4], { rowHeaders: true });
  w.heading("Strongest outcome areas for data", 3);
  for (const a of report.summary.strongestAreas) w.para(`${a.name}: ${a.text}`);
  w.heading("Weakest outcome areas for data", 3);
  for (const a of report.summary.weakestAreas) w.para(`${a.name}: ${a.text}`);
  w.heading("Changes that would help most", 3);
  if (report.summary.keyChanges.length === 0) w.para("No single change would lift an indicator a band.");
  for (const c of report.summary.keyChanges) w.para(`${c.text} (helps lift ${c.indicators} indicator${c.indicators === 1 ? "" : "s"}).`);

  w.heading("Comparison groups", 2);
  w.table(
    ["Group", "Other LAs with results", "Shown"],
    report.groups.map((g) => [g.label, `${g.submitted} of ${g.lasInGroup}`, g.shown ? "Yes" : (g.withheldReason ?? "No")]),
    [contentWidth * 0.35, contentWidth * 0.2, contentWidth * 0.45],
    { rowHeaders: true },
  );

  w.heading("Capability profile", 2);
  w.levelsFigure(report);
  w.table(
    ["Theme", "Level", "What this level means", "Next level"],
    report.capability.map((t) => [t.name, levelText(t.level, t.levelName), t.descriptor, t.nextLevelName ? `${t.nextLevelName}: ${t.nextDescriptor}` : "Highest level"]),
    [contentWidth * 0.16, contentWidth * 0.16, contentWidth * 0.34, contentWidth * 0.34],
    { rowHeaders: true },
  );
  if (cols.length > 0) {
    w.heading("Capability beside the comparison groups", 3);
    w.table(
      ["Theme", ...cols.map((c) => c.label)],
      report.capability.map((t) => [t.name, ...cols.map((c) => comparisonCell(t.comparisons.find((x) => x.groupId === c.id)))]),
      [contentWidth * 0.16, ...cols.map(() => (contentWidth * 0.84) / cols.length)],
      { rowHeaders: true, size: 7.5 },
    );
  }

  w.heading("Feasibility by indicator", 2);
  for (const area of report.areas) {
    w.heading(area.name, 3);
    w.para(`${area.readyNow} of ${area.indicatorCount} indicators Ready now${area.meanScore === null ? "" : `; average score ${area.meanScore} out of 100`}.`, { size: 9 });
    w.table(
      ["Indicator", "This LA", ...cols.map((c) => c.label)],
      area.indicators.map((i) => [i.name, i.score === null ? i.bandLabel : `${i.bandLabel} (${i.score})`, ...cols.map((c) => comparisonCell(i.comparisons.find((x) => x.groupId === c.id)))]),
      [contentWidth * 0.2, contentWidth * 0.14, ...cols.map(() => (contentWidth * 0.66) / Math.max(1, cols.length))],
      { rowHeaders: true, size: 7 },
    );
  }

  w.heading("What would move it up", 2);
  if (report.improvements.length === 0) w.para("Every indicator is Ready now, or no change to the data items would lift it.");
  for (const imp of report.improvements) w.para(imp.text, { size: 9 });

  w.heading("Context", 2);
  w.table(
    ["Figure", "This LA", ...(report.context[0]?.groups.map((g) => g.label) ?? []), "Source"],
    report.context.map((c) => [c.label, c.valueText, ...c.groups.map((g) => g.valueText), c.source]),
    [contentWidth * 0.22, contentWidth * 0.1, ...(report.context[0]?.groups.map(() => (contentWidth * 0.43) / Math.max(1, report.context[0].groups.length)) ?? []), contentWidth * 0.25],
    { rowHeaders: true, size: 7.5 },
  );
  w.para(`Latest Ofsted judgement (overall effectiveness): ${report.ofsted.judgement ?? "none published"}${report.ofsted.asAt ? `, as at ${report.ofsted.asAt}` : ""}.`);
  w.para(report.completeness.text);

  w.heading("Method notes", 2);
  for (const note of report.methodNotes) w.para(note, { size: 9 });

  // page numbers, outside the structure tree
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent("Artifact", { type: "Pagination" } as never);
    doc.font(REGULAR).fontSize(8).fillColor("#505a5f").text(`${report.laName} feedback report, page ${i + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - 30, { lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  root.end();
  doc.end();
  return done;
}
