import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import PDFDocument from 'pdfkit';
import { fill } from '../../common/templates';
import type { ReportBinding, ReportContent } from '../report-model';
import { drawProcesverloop, drawVerificatie } from './appendices';
import { BINDING_INFO_KEY, encodeBinding } from './binding-metadata';
import { canonicalContentSha256 } from './canonical';
import type { RenderContext } from './context';
import { drawCover } from './cover';
import { drawBevindingen } from './findings';
import { registerFonts } from './fonts';
import { DateFormatter } from './format';
import { drawHeatmap } from './heatmap';
import { Layout } from './layout';
import { drawRisicoregister } from './risks';
import { drawAdvies, drawConclusie, drawOndertekening, drawOpdracht, drawUitkomst, drawVereisten, drawVog, drawWederhoor, drawWerkwijze } from './sections';
import { reportTemplate, type ReportTemplate, type SectionId, type SectionSpec } from './template';

export interface RenderOptions {
  /**
   * Reserve a PAdES signature: calls pdfkitAddPlaceholder (SUBFILTER_ETSI_CADES_DETACHED) on the
   * page with the signature block, widgetRect = that block's rectangle, signingTime =
   * new Date(binding.generatedAt), name = binding.signer.name, reason = binding.reason, location =
   * organisation name, contactInfo '', appName 'Basisscan'.
   */
  signaturePlaceholder?: { signatureLength: number };
}

const SECTIONS: Record<SectionId, (context: RenderContext) => void> = {
  opdracht: drawOpdracht,
  werkwijze: drawWerkwijze,
  vog: drawVog,
  vereisten: drawVereisten,
  bevindingen: drawBevindingen,
  risicoregister: drawRisicoregister,
  heatmap: (context) => drawHeatmap(context),
  wederhoor: drawWederhoor,
  conclusie: drawConclusie,
  advies: drawAdvies,
  uitkomst: drawUitkomst,
  ondertekening: drawOndertekening,
  procesverloop: drawProcesverloop,
  verificatie: drawVerificatie,
};

/**
 * The confidential risk report as a PDF. Equal input gives equal bytes: every date in the file
 * comes from the binding, and pdfkit's file id is derived from the Info dictionary.
 */
export async function renderReport(content: ReportContent, binding: ReportBinding, options: RenderOptions = {}): Promise<Buffer> {
  const template = reportTemplate(content.templateVersion);
  checkBinding(content, binding);
  const generatedAt = new Date(binding.generatedAt);

  const doc = new PDFDocument({
    size: template.page.size,
    margins: template.page.margins,
    bufferPages: true,
    // No default font: Helvetica would be loaded and written to the file without ever being used.
    font: '',
    pdfVersion: '1.7',
    // A structure tree (headings, paragraphs, lists, tables, the heatmap's text alternative) for screen readers and reflow.
    tagged: true,
    lang: template.language,
    displayTitle: true,
    info: documentInfo(template, content, binding, generatedAt),
  });
  escapeXmpValues(doc);
  const output = collect(doc);
  registerFonts(doc);

  const layout = new Layout(doc, template);
  const context: RenderContext = {
    layout,
    template,
    content,
    binding,
    dates: new DateFormatter(template.formats),
    values: commonValues(content, binding),
    sectionNumbers: numberSections(template.sections),
  };

  drawCover(context);
  for (const section of template.sections) drawSection(context, section);
  drawRunningHeadAndFoot(context);
  if (options.signaturePlaceholder) reserveSignature(context, doc, options.signaturePlaceholder.signatureLength);

  doc.end();
  return output;
}

/** A binding that describes other content than is rendered would make the report lie about itself. */
function checkBinding(content: ReportContent, binding: ReportBinding): void {
  if (Number.isNaN(new Date(binding.generatedAt).getTime())) throw new Error(`binding.generatedAt is not a date: ${binding.generatedAt}`);
  if (binding.templateVersion !== content.templateVersion) throw new Error('binding.templateVersion differs from content.templateVersion');
  if (binding.contentSha256 !== canonicalContentSha256(content)) throw new Error('binding.contentSha256 is not the SHA-256 of this content');
}

/** Title, author and subject name the organisation and the office, never the candidate. */
function documentInfo(template: ReportTemplate, content: ReportContent, binding: ReportBinding, generatedAt: Date): PDFKit.DocumentInfo {
  const values = { officeTitle: content.variant.officeTitle, organisation: content.organisation.name };
  const info: PDFKit.DocumentInfo & Record<string, string | Date> = {
    Title: fill(template.metadata.title, values),
    Author: content.organisation.name,
    Subject: fill(template.metadata.subject, values),
    Creator: template.metadata.creator,
    Producer: template.metadata.producer,
    CreationDate: generatedAt,
    ModDate: generatedAt,
  };
  info[BINDING_INFO_KEY] = encodeBinding(binding);
  return info;
}

function commonValues(content: ReportContent, binding: ReportBinding): Record<string, string | number> {
  const variant = content.variant;
  return {
    organisation: content.organisation.name,
    officeTitle: variant.officeTitle,
    opdrachtgeverTitle: variant.opdrachtgeverTitle,
    appointingBody: variant.appointingBody,
    reference: content.case.reference,
    version: binding.version,
    verificationCode: binding.verificationCode,
    vogMaxAgeMonths: content.vog.maxAgeMonths,
    verifyUrl: content.verifyUrl ?? '',
  };
}

function numberSections(sections: SectionSpec[]): Partial<Record<SectionId, string>> {
  const numbers: Partial<Record<SectionId, string>> = {};
  let next = 1;
  for (const section of sections) if (section.numbered) numbers[section.id] = String(next++);
  return numbers;
}

function drawSection(context: RenderContext, section: SectionSpec): void {
  const { layout, template } = context;
  const number = context.sectionNumbers[section.id];
  if (section.newPage && !layout.atPageTop) layout.newPage();
  const subordinate = section.level === 2;
  const title = number ? `${number}  ${section.heading}` : section.heading;
  layout.struct('Sect', () => {
    layout.heading(title, subordinate ? 'heading2' : 'heading1', 3 * layout.style('body').leading, subordinate ? 10 : template.page.sectionGap, subordinate ? 'H2' : 'H1');
    SECTIONS[section.id](context);
  });
}

/** "Vertrouwelijk" with the organisation above, "pagina X van Y" below, on every page once the count is known. */
function drawRunningHeadAndFoot(context: RenderContext): void {
  const { layout } = context;
  const doc = layout.doc;
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    layout.forgetGraphicsState();
    layout.artifact(() => drawRunningHeadAndFootOnPage(context, index - start + 1, count), 'Pagination');
  }
  layout.forgetGraphicsState();
}

function drawRunningHeadAndFootOnPage(context: RenderContext, page: number, pages: number): void {
  const { layout, template, values } = context;
  const header = layout.style('header');
  const headerRight = layout.style('headerRight');
  const footer = layout.style('footer');
  const { headerTop, footerTop } = template.page;
  const right = fill(template.header.right, values);
  const rightWidth = layout.widthOf(right, headerRight);
  layout.drawLine(layout.fitLine(fill(template.header.left, values), header, layout.width - rightWidth - 16), layout.left, headerTop, header);
  layout.drawLineRight(right, layout.right, headerTop, headerRight);
  layout.rule(layout.left, layout.right, headerTop + header.leading + 4, layout.colour('rule'));

  const pageOf = fill(template.footer.right, { ...values, page, pages });
  const pageOfWidth = layout.widthOf(pageOf, footer);
  layout.rule(layout.left, layout.right, footerTop - 6, layout.colour('rule'));
  layout.drawLine(layout.fitLine(fill(template.footer.left, values), footer, layout.width - pageOfWidth - 16), layout.left, footerTop, footer);
  layout.drawLineRight(pageOf, layout.right, footerTop, footer);
}

function reserveSignature(context: RenderContext, doc: PDFKit.PDFDocument, signatureLength: number): void {
  const block = context.signatureBlock;
  if (!block) throw new Error('the report template has no "ondertekening" section to place the signature in');
  doc.switchToPage(block.pageIndex);
  const pageHeight = context.template.page.size[1];
  const { x, y, width, height } = block.rect;
  pdfkitAddPlaceholder({
    pdf: doc,
    pdfBuffer: Buffer.alloc(0),
    reason: context.binding.reason,
    contactInfo: '',
    name: context.binding.signer.name,
    location: context.content.organisation.name,
    signingTime: new Date(context.binding.generatedAt),
    signatureLength,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    // PDF user space has its origin at the bottom left; the layout measures from the top.
    widgetRect: [x, pageHeight - (y + height), x + width, pageHeight - y],
    appName: 'Basisscan',
  });
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * pdfkit copies Title, Author and Subject into the XMP packet without XML escaping, so an
 * organisation named "Aa & Hunze" would make the packet malformed. The Info dictionary is written
 * before the packet, so it keeps the plain values.
 */
function escapeXmpValues(doc: PDFKit.PDFDocument): void {
  const target = doc as unknown as { _addInfo?: () => void; info: Record<string, unknown> };
  const addInfo = target._addInfo;
  if (typeof addInfo !== 'function') return;
  target._addInfo = function (this: typeof target) {
    const plain = this.info;
    this.info = Object.fromEntries(Object.entries(plain).map(([key, value]) => [key, typeof value === 'string' ? value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]) : value]));
    try {
      addInfo.call(this);
    } finally {
      this.info = plain;
    }
  };
}

/** The bytes pdfkit writes, once the document has ended. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
