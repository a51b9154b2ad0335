// npx ts-node --transpile-only bench/report-render.bench.ts
// The report renderer next to a baseline measured in the same run: the same text, fonts and page
// size written with plain pdfkit (doc.text per paragraph, pdfkit's own wrapping and page breaks;
// no tables, heatmap, running header or footer). The ratio is what our layout layer costs.
import PDFDocument from 'pdfkit';
import { fill } from '../src/common/templates';
import { demoReport } from '../src/reports/demo-fixture';
import { renderAndSign } from '../src/reports/produce';
import { renderReport } from '../src/reports/render';
import { createTestSigningIdentity, loadSigningIdentity } from '../src/reports/signing';
import { fontBuffers, registerFonts, type FontRole } from '../src/reports/render/fonts';
import { DateFormatter } from '../src/reports/render/format';
import { reportTemplate, type ReportTemplate } from '../src/reports/render/template';
import type { ReportBinding, ReportContent } from '../src/reports/report-model';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
/** Room for a CAdES signature with a timestamp; the signing layer decides the real length. */
const SIGNATURE_LENGTH = 16384;

export interface BenchRow {
  name: string;
  medianMs: number;
}

type Paragraph = [FontRole, number, string];

/**
 * Every text of the report as paragraphs, in reading order, worded as the report words them (the
 * template's fixed paragraphs, labels and Dutch dates): what a plain pdfkit report would print.
 */
function paragraphsOf(content: ReportContent, binding: ReportBinding): Paragraph[] {
  const template = reportTemplate(content.templateVersion);
  const dates = new DateFormatter(template.formats);
  const values = {
    organisation: content.organisation.name,
    officeTitle: content.variant.officeTitle,
    opdrachtgeverTitle: content.variant.opdrachtgeverTitle,
    appointingBody: content.variant.appointingBody,
    vogMaxAgeMonths: content.vog.maxAgeMonths,
  };
  const say = (section: keyof ReportTemplate['texts'], key: string) => fill(String(template.texts[section]?.[key]), values);
  const labels = template.labels;
  const body = (text: string): Paragraph => ['regular', 10, text];
  const small = (text: string): Paragraph => ['regular', 9, text];
  const heading = (text: string): Paragraph => ['bold', 15, text];
  const cited = (reference: { citation: string; confirmed: boolean }) => (reference.confirmed ? reference.citation : `${reference.citation} (te bevestigen)`);
  const variant = content.variant;
  const paragraphs: Paragraph[] = [
    ['bold', 11, template.cover.mark],
    ['bold', 28, template.cover.title],
    body([content.organisation.name, variant.officeTitle, content.candidate.name, content.case.reference, dates.date(binding.generatedAt), String(binding.version)].join('\n')),
    body(fill(template.cover.testCertificate, values)),
    body(fill(template.cover.confidentiality, values)),
    heading('Opdracht en wettelijke grondslag'),
    body(say('opdracht', 'intro')),
    body([content.commissionedBy.name, dates.date(content.case.commissionedAt), content.screener?.name ?? '', dates.date(content.case.plannedAppointmentDate), labels.phases[content.case.phase]].join('\n')),
    body(say('opdracht', 'legal')),
    body([variant.integrityDuty, variant.vogRequirement, variant.riskAnalysisDuty].map(cited).join('\n')),
    heading('Reikwijdte en werkwijze'),
    body(say('werkwijze', 'method')),
    body(say('werkwijze', 'steps')),
    ...content.sources.map((source) => small(`${labels.sourceKinds[source.kind]} ${dates.date(source.consultedOn)} ${source.isFinding ? 'bevinding' : 'geen bevinding'}`)),
    heading('Verklaring Omtrent het Gedrag (VOG)'),
    body(say('vog', 'intro')),
    body([content.vog.requestedDate, content.vog.issueDate].map((date) => (date ? dates.date(date) : '')).join('\n')),
    heading('Bevindingen per thema'),
    body(say('bevindingen', 'intro')),
  ];
  for (const theme of content.questionnaire.themes) {
    paragraphs.push(['semibold', 12, theme.title]);
    for (const item of theme.items) {
      paragraphs.push(small(item.question), ['semibold', 9, item.answer]);
      if (item.explanation) paragraphs.push(small(`Toelichting: ${item.explanation}`));
    }
    for (const summary of content.interview?.summaries.filter((s) => s.theme === theme.id) ?? []) paragraphs.push(body(summary.summary));
  }
  paragraphs.push(...content.sources.filter((source) => source.isFinding).map((source) => body(`${labels.sourceKinds[source.kind]}, ${dates.date(source.consultedOn)}\n${source.found}`)));
  paragraphs.push(heading('Risicoregister'), body(say('risicoregister', 'intro')));
  content.risks.forEach((risk, index) => {
    paragraphs.push(small(`${index + 1} ${labels.themes[risk.theme]} ${risk.description} ${risk.likelihood} ${risk.impact} ${risk.level}`));
    for (const measure of risk.measures) paragraphs.push(['regular', 8.5, `${measure.measure} ${measure.who} ${dates.date(measure.byWhen)}`]);
  });
  paragraphs.push(heading('Hoor en wederhoor'), body(say('wederhoor', 'intro')), ['italic', 10, content.wederhoor?.response ?? '']);
  paragraphs.push(heading('Conclusie van de screener'), body(labels.conclusions[content.screenerConclusion?.conclusion ?? 'beheersbaar']), body(content.screenerConclusion?.explanation ?? ''));
  paragraphs.push(heading('Advies van de opdrachtgever'), body(labels.conclusions[content.advice?.conclusion ?? 'beheersbaar']), body(say('advies', 'agrees')));
  paragraphs.push(heading('Ondertekening'), body([binding.signer.name, binding.signer.role, dates.dateTime(binding.generatedAt), binding.reason].join('\n')));
  paragraphs.push(heading('Bijlage A Procesverloop'), ...content.trail.map((entry) => small(`${entry.sequence} ${dates.dateTimeShort(entry.at)} ${entry.actor} ${labels.events[entry.event] ?? entry.event}`)));
  paragraphs.push(heading('Bijlage B Verificatie'), ['bold', 26, binding.verificationCode], body([binding.reportId, binding.contentSha256, binding.auditHead?.hash ?? ''].join('\n')), body(say('verificatie', 'how')));
  return paragraphs;
}

/** Registers the faces from their files, as plain pdfkit use would. */
function registerFontFiles(doc: PDFKit.PDFDocument): void {
  const faces = fontBuffers();
  for (const role of Object.keys(faces) as FontRole[]) doc.registerFont(role, faces[role]);
}

function plainRender(paragraphs: Paragraph[], register: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const template = reportTemplate('1');
  // Same document options as the renderer, so the difference is the layout layer alone.
  const doc = new PDFDocument({ size: template.page.size, margins: template.page.margins, font: '', pdfVersion: '1.7' });
  const done = new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
  register(doc);
  for (const [font, size, text] of paragraphs) doc.font(font).fontSize(size).text(text, { paragraphGap: 4 });
  doc.end();
  return done;
}

function medianOf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs the cases in turn, round after round, so a busy machine slows each of them alike and the
 * ratios stay meaningful; reports each case's median wall-clock time.
 */
async function interleaved(cases: { name: string; run: () => Promise<unknown> }[]): Promise<BenchRow[]> {
  const times = cases.map(() => [] as number[]);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const [index, bench] of cases.entries()) {
      const started = performance.now();
      await bench.run();
      if (round >= WARMUP) times[index].push(performance.now() - started);
    }
  }
  return cases.map((bench, index) => ({ name: bench.name, medianMs: medianOf(times[index]) }));
}

/** The last row is the baseline the others are compared with. */
export async function benchReportRender(): Promise<{ rows: BenchRow[]; pages: number }> {
  const { content, binding } = demoReport();
  const paragraphs = paragraphsOf(content, binding);
  const test = createTestSigningIdentity({ commonName: 'Bench – testcertificaat', organisation: 'Bench' });
  const identity = loadSigningIdentity(test.p12, test.password);
  const signed = await renderAndSign(content, binding, { identity });
  const pages = (signed.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
  const rows = await interleaved([
    { name: 'renderReport(demo) + PAdES signature (RSA-3072)', run: () => renderAndSign(content, binding, { identity }) },
    { name: 'renderReport(demo) with signature placeholder', run: () => renderReport(content, binding, { signaturePlaceholder: { signatureLength: SIGNATURE_LENGTH } }) },
    // Plain pdfkit use, fonts registered from their files: pdfkit parses them for every document.
    { name: 'plain pdfkit, fonts from files', run: () => plainRender(paragraphs, registerFontFiles) },
    // The same fonts parsed once, as the renderer has them: the fair baseline for the layout layer.
    { name: 'plain pdfkit, fonts parsed once (baseline)', run: () => plainRender(paragraphs, registerFonts) },
  ]);
  return { rows, pages };
}

export function printReportBench({ rows, pages }: { rows: BenchRow[]; pages: number }): void {
  const baseline = rows[rows.length - 1].medianMs;
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(`\nReport (demo report, ${pages} pages), median of ${RUNS} interleaved runs after ${WARMUP} warm-up rounds`);
  console.log(`  ${'case'.padEnd(width)}  median ms  × baseline`);
  for (const row of rows) console.log(`  ${row.name.padEnd(width)}  ${row.medianMs.toFixed(1).padStart(9)}  ${(row.medianMs / baseline).toFixed(2).padStart(10)}`);
  const [signed, render] = rows;
  console.log(`  goal render+sign < 150 ms: ${signed.medianMs < 150 ? 'met' : 'NOT met'} (${signed.medianMs.toFixed(0)} ms); ` +
    `goal our layer ≤ 1.5 × plain pdfkit: ${render.medianMs / baseline <= 1.5 ? 'met' : 'NOT met'} (${(render.medianMs / baseline).toFixed(2)} ×)`);
}

if (require.main === module) {
  benchReportRender()
    .then(printReportBench)
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
