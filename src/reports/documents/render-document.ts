import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import PDFDocument from 'pdfkit';
import { fill } from '../../common/templates';
import { registerFonts } from '../render/fonts';
import { collect } from '../render/render-report';
import { DateFormatter } from '../render/format';
import { Layout } from '../render/layout';
import { columnWidths, drawTable } from '../render/table';
import { reportTemplate } from '../render/template';
import { PadesSigner, signatureLengthFor } from '../signing';
import type { ReportSigner } from '../produce';

export type DocumentKind = 'samenvatting' | 'mededeling';

/** templates/documents/<kind>-<version>.nl.json: every word of the document. */
export interface DocumentTexts {
  version: string;
  kind: DocumentKind;
  title: string;
  subtitle: string;
  metadataTitle: string;
  intro: string;
  fields?: Record<string, string>;
  measuresHeading?: string;
  measureColumns?: { measure: string; who: string; byWhen: string };
  noMeasures: string;
  confidential?: string;
  done?: string;
  risks?: Record<string, string>;
  measuresAgreed?: string;
  general?: string;
  adviceConclusions?: Record<string, string>;
  signatureTitle: string;
  signatureFields: { name: string; role: string; at: string };
}

/** What a document shows: the outcome, never a finding. */
export interface DocumentContent {
  organisation: string;
  officeTitle: string;
  opdrachtgeverTitle: string;
  appointingBody: string;
  reference: string;
  candidate: string;
  advice: { conclusion: string; at: string };
  measures: { measure: string; who: string; byWhen: string }[];
  generatedAt: string;
  signer: { name: string; role: string };
}

/** The layout and styles are the report's (template 2): one look for everything the organisation signs. */
const LAYOUT_TEMPLATE = '2';

/**
 * A one-page document for people outside the case (formateur, fractievoorzitter, raad), signed
 * PAdES like the report. Equal input gives equal bytes.
 */
export async function renderAndSignDocument(texts: DocumentTexts, content: DocumentContent, signer: ReportSigner): Promise<Buffer> {
  const template = reportTemplate(LAYOUT_TEMPLATE);
  const at = new Date(content.generatedAt);
  const values = {
    organisation: content.organisation,
    officeTitle: content.officeTitle,
    opdrachtgeverTitle: content.opdrachtgeverTitle,
    appointingBody: content.appointingBody,
    candidate: content.candidate,
  };
  const say = (text: string, extra: Record<string, string> = {}) => fill(text, { ...values, ...extra });
  const doc = new PDFDocument({
    size: template.page.size,
    margins: template.page.margins,
    bufferPages: true,
    font: '',
    pdfVersion: '1.7',
    // A structure tree (heading, paragraphs, tables with header cells) like the report's.
    tagged: true,
    lang: 'nl',
    displayTitle: true,
    // Title and subject name the organisation and the office, never the candidate.
    info: { Title: say(texts.metadataTitle), Author: content.organisation, Subject: say(texts.subtitle), Creator: 'Basisscan', Producer: 'Basisscan (PDFKit)', CreationDate: at, ModDate: at },
  });
  const output = collect(doc);
  registerFonts(doc);
  const layout = new Layout(doc, template);
  const dates = new DateFormatter(template.formats);

  layout.artifact(() => {
    layout.drawLine(`Vertrouwelijk · ${content.organisation}`, layout.left, template.page.headerTop, layout.style('header'));
    layout.drawLineRight(content.reference, layout.right, template.page.headerTop, layout.style('headerRight'));
    layout.rule(layout.left, layout.right, template.page.headerTop + layout.style('header').leading + 4, layout.colour('rule'));
  }, 'Pagination');

  layout.paragraph(say(texts.title), 'heading1', { gapAfter: 2, tag: 'H1' });
  layout.paragraph(say(texts.subtitle), 'bodyItalic', { gapAfter: 12 });
  layout.paragraph(say(texts.intro), 'body');

  if (texts.kind === 'samenvatting') {
    const fields = texts.fields ?? {};
    drawTable(layout, {
      widths: columnWidths(layout, 'keyValue'),
      cellStyle: 'value',
      rows: [
        [fields.candidate, content.candidate],
        [fields.office, `${content.officeTitle} (benoeming door de ${content.appointingBody})`],
        [fields.reference, content.reference],
        [fields.adviceAt, dates.date(content.advice.at)],
        [fields.advice, texts.adviceConclusions?.[content.advice.conclusion] ?? content.advice.conclusion],
      ].map(([key, value]) => ({ cells: [{ text: key, style: 'label' as const }, { text: value, style: key === fields.advice ? ('valueStrong' as const) : ('value' as const) }], rule: true })),
    });
    layout.y += template.page.paragraphGap;
    layout.heading(texts.measuresHeading ?? '', 'heading2', 2 * layout.style('body').leading, 10, 'H2');
    if (content.measures.length === 0) {
      layout.paragraph(texts.noMeasures, 'body');
    } else {
      const columns = texts.measureColumns!;
      drawTable(layout, {
        widths: measureWidths(layout),
        cellStyle: 'tableCell',
        header: [columns.measure, columns.who, columns.byWhen].map((title) => ({ text: title, style: 'tableHeader' as const })),
        rows: content.measures.map((m) => ({ cells: [{ text: m.measure }, { text: m.who }, { text: dates.date(m.byWhen) }], rule: true })),
      });
      layout.y += template.page.paragraphGap;
    }
    if (texts.confidential) layout.paragraph(say(texts.confidential), 'small');
  } else {
    layout.paragraph(say(texts.done ?? '', { adviceAt: dates.date(content.advice.at) }), 'body');
    layout.paragraph(say(texts.risks?.[content.advice.conclusion] ?? ''), 'valueStrong');
    layout.paragraph(say(content.measures.length > 0 ? (texts.measuresAgreed ?? '') : texts.noMeasures), 'body');
    layout.paragraph(say(texts.general ?? ''), 'body');
  }

  // The signature block; its rectangle becomes the signature widget.
  const pad = 10;
  const rows: [string, string][] = [
    [texts.signatureFields.name, content.signer.name],
    [texts.signatureFields.role, content.signer.role],
    [texts.signatureFields.at, dates.dateTime(content.generatedAt)],
  ];
  const valueStyle = layout.style('valueStrong');
  const labelWidth = columnWidths(layout, 'keyValue')[0] - pad;
  const height = 2 * pad + layout.style('signatureTitle').leading + 4 + rows.length * valueStyle.leading;
  layout.y += 8;
  layout.ensure(height);
  const rect = { x: layout.left, y: layout.y, width: layout.width, height };
  layout.rect(rect, layout.colour('signatureFill'), layout.colour('signatureBorder'), 3);
  let y = rect.y + pad;
  layout.struct('Div', () => {
    layout.struct('P', () => layout.drawLine(texts.signatureTitle, rect.x + pad, y, layout.style('signatureTitle')));
    y += layout.style('signatureTitle').leading + 4;
    for (const [key, value] of rows) {
      layout.struct('P', () => {
        layout.drawLine(key, rect.x + pad, y, layout.style('label'));
        layout.drawLine(layout.fitLine(value, valueStyle, layout.width - 2 * pad - labelWidth), rect.x + pad + labelWidth, y, valueStyle);
      });
      y += valueStyle.leading;
    }
  });
  const pageIndex = layout.pageIndex;
  doc.switchToPage(pageIndex);
  const pageHeight = template.page.size[1];
  pdfkitAddPlaceholder({
    pdf: doc,
    pdfBuffer: Buffer.alloc(0),
    reason: say(texts.title),
    contactInfo: '',
    name: content.signer.name,
    location: content.organisation,
    signingTime: at,
    signatureLength: signatureLengthFor({ tsaUrl: signer.tsaUrl }),
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: [rect.x, pageHeight - (rect.y + height), rect.x + rect.width, pageHeight - rect.y],
    appName: 'Basisscan',
  });
  doc.end();
  const unsigned = await output;
  return new SignPdf().sign(unsigned, new PadesSigner(signer.identity, { tsaUrl: signer.tsaUrl, tsaTimeoutMs: signer.tsaTimeoutMs }));
}

/** The report's measure columns without the indent under a risk: measure, who, by when. */
function measureWidths(layout: Layout): number[] {
  const [indent, measure, who, byWhen] = columnWidths(layout, 'measures');
  return [indent + measure, who, byWhen];
}
