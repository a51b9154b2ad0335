import { demoReport, stressReport } from '../../src/reports/demo-fixture';
import { renderAndSign } from '../../src/reports/produce';
import { canonicalContentSha256, renderReport } from '../../src/reports/render';
import { reportTemplate } from '../../src/reports/render/template';
import type { ReportBinding, ReportContent } from '../../src/reports/report-model';
import { createTestSigningIdentity, loadSigningIdentity } from '../../src/reports/signing';
import { describeWithTools, runOnPdf } from '../support/tools';

/** The fixture as template v2 renders it (binding re-made, as the binding must describe what is rendered). */
function asV2(report: { content: ReportContent; binding: ReportBinding }): { content: ReportContent; binding: ReportBinding } {
  const content: ReportContent = { ...report.content, templateVersion: '2' };
  return { content, binding: { ...report.binding, templateVersion: '2', contentSha256: canonicalContentSha256(content) } };
}

/** The /Alt of the one Figure structure element, read from the (uncompressed) structure dictionaries. */
function figureAlt(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const figures = [...text.matchAll(/<<[^]*?\/S \/Figure[^]*?>>/g)].map((match) => match[0]);
  expect(figures).toHaveLength(1);
  const alt = /\/Alt \(((?:\\.|[^\\)])*)\)/.exec(figures[0]);
  expect(alt).not.toBeNull();
  return alt![1].replace(/\\(.)/g, '$1');
}

const cases: [string, () => { content: ReportContent; binding: ReportBinding }][] = [
  ['demo v1', demoReport],
  ['demo v2', () => asV2(demoReport())],
  ['stress v1', stressReport],
  ['stress v2', () => asV2(stressReport())],
];

describeWithTools(['pdfinfo'], 'tagged report PDF (poppler as independent reader)', () => {
  describe.each(cases)('%s', (_name, make) => {
    let pdf: Buffer;
    let report: { content: ReportContent; binding: ReportBinding };
    let structure: string;

    beforeAll(async () => {
      report = make();
      pdf = await renderReport(report.content, report.binding, { signaturePlaceholder: { signatureLength: 8192 } });
      structure = runOnPdf('pdfinfo', pdf, ['-struct-text']).output;
    }, 60_000);

    it('is tagged, in Dutch, and shows its title', () => {
      const info = runOnPdf('pdfinfo', pdf).output;
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(/^Title:\s+Risicoanalyse integriteit/m);
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/Lang \(nl\)/);
      expect(text).toMatch(/\/DisplayDocTitle true/);
    });

    it('has a heading per section, with the section text as paragraphs under it', () => {
      const template = reportTemplate(report.content.templateVersion);
      const lines = structure.split('\n');
      const headingTexts = (tag: string) =>
        lines
          .map((line, index) => (line.trim().startsWith(`${tag} `) ? (lines[index + 1] ?? '').trim().replace(/^"|\s*"$/g, '') : null))
          .filter((text): text is string => text !== null);
      const h1 = headingTexts('H1').join('\n');
      const h2 = headingTexts('H2').join('\n');
      for (const section of template.sections) {
        expect(section.level === 2 ? h2 : h1).toContain(section.heading.split(' ')[0]);
      }
      expect(structure).toMatch(/^Document$/m);
      expect(structure).toMatch(/^\s+Sect$/m);
      expect(structure).toMatch(/^\s+P \(block\)$/m);
    });

    it('has tables with header cells scoped to their column', () => {
      const full = runOnPdf('pdfinfo', pdf, ['-struct']).output;
      expect(full).toMatch(/^\s+Table( \(block\))?$/m);
      expect(full).toMatch(/^\s+TR$/m);
      expect(full).toMatch(/^\s+TH:\n\s+\/Scope \/Column$/m);
      expect(full).toMatch(/^\s+TD$/m);
    });

    it('gives the heatmap a Dutch text alternative with the count of every cell', () => {
      expect(structure).toMatch(/^\s+Figure$/m);
      expect(structure).toMatch(/^\s+Caption$/m);
      const alt = figureAlt(pdf);
      const template = reportTemplate(report.content.templateVersion);
      const { risks } = report.content;
      expect(alt).toContain(`Risicobeeld: ${risks.length} risico's`);
      const cells = new Map<string, number[]>();
      risks.forEach((risk, index) => cells.set(`${risk.likelihood}/${risk.impact}`, [...(cells.get(`${risk.likelihood}/${risk.impact}`) ?? []), index + 1]));
      for (const [key, numbers] of cells) {
        const [likelihood, impact] = key.split('/');
        const likelihoodLabel = template.labels.likelihoods[likelihood];
        const impactLabel = template.labels.impacts[impact];
        expect(alt).toContain(`Kans ${likelihoodLabel}, impact ${impactLabel} `);
        expect(alt).toContain(`: ${numbers.length}, risico nr. ${numbers.join(', ')}.`);
      }
      expect(alt).toContain('Alle andere vakken: 0.');
    });

    it('claims no PDF/A conformance while the signature widget cannot meet it (see docs/reports.md)', () => {
      const text = pdf.toString('latin1');
      expect(text).not.toMatch(/pdfaid:part|GTS_PDFA/);
      // PDF/A-2 6.3.2/6.3.3 want /F with the print flag and an appearance (/AP) on every widget.
      // When this fails, the widget is fixed: revisit the claim (pdfkit's subset option) rather than this test.
      const widget = /<<[^<>]*\/Subtype \/Widget[^]*?>>/.exec(text)![0];
      expect(widget).not.toMatch(/\/AP\b/);
    });

    it('keeps the running header and footer out of the structure (artifacts)', () => {
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(runOnPdf('pdfinfo', pdf).output)![1]);
      expect(pages).toBeGreaterThan(1);
      expect(structure).not.toMatch(/pagina \d+ van \d+/i);
      // The page text still shows them.
      expect(runOnPdf('pdftotext', pdf).output).toMatch(new RegExp(`pagina 1 van ${pages}`, 'i'));
    });
  });
});

describeWithTools(['pdfinfo', 'pdfsig'], 'tagged and signed', () => {
  it('keeps the PAdES signature valid over the whole tagged document', async () => {
    const { p12, password } = createTestSigningIdentity({ commonName: 'Gemeente Voorbeeldstad – testcertificaat', organisation: 'Gemeente Voorbeeldstad' });
    const { content, binding } = asV2(demoReport());
    const signed = await renderAndSign(content, binding, { identity: loadSigningIdentity(p12, password) } as Parameters<typeof renderAndSign>[2]);
    expect(runOnPdf('pdfinfo', signed).output).toMatch(/^Tagged:\s+yes$/m);
    const sig = runOnPdf('pdfsig', signed).output;
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toContain('Signed Ranges');
    expect(sig).toMatch(/Total document signed/);
  }, 60_000);
});
