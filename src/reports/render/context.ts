import { fill } from '../../common/templates';
import type { LegalReference } from '../../../workflows/variants';
import type { ReportBinding, ReportContent } from '../report-model';
import type { DateFormatter } from './format';
import type { Layout, Rect } from './layout';
import { columnWidths, drawTable, Row } from './table';
import { text, type ReportTemplate, type SectionId, type StyleName } from './template';

/** Everything a section needs to draw itself. */
export interface RenderContext {
  layout: Layout;
  template: ReportTemplate;
  content: ReportContent;
  binding: ReportBinding;
  dates: DateFormatter;
  /** Placeholders every text may use: organisation, officeTitle, opdrachtgeverTitle, appointingBody, ... */
  values: Record<string, string | number>;
  /** "1", "2", ... for numbered sections, so cross-references follow the template's order. */
  sectionNumbers: Partial<Record<SectionId, string>>;
  /** Where the signature block was drawn, for the signature widget. */
  signatureBlock?: { pageIndex: number; rect: Rect };
}

/** A text of a section, filled with the report's common values and any extra ones. */
export function say(context: RenderContext, section: SectionId, key: string, extra: Record<string, string | number> = {}): string {
  return fill(text(context.template.texts[section] ?? {}, key), { ...context.values, ...extra });
}

/**
 * A citation as the law cites it. v1 marked unconfirmed ones "(te bevestigen)"; from v2 that
 * marker stays in the configuration and the screens, never in a signed document (its text is empty).
 */
export function citation(context: RenderContext, reference: LegalReference): string {
  const marker = text(context.template.texts.opdracht, 'unconfirmed');
  return reference.confirmed || !marker ? reference.citation : `${reference.citation} ${marker}`;
}

/** Label–value pairs as a borderless two-column table; pairs with a null value are left out. */
export function keyValues(context: RenderContext, pairs: [string, string | null][], valueStyle: StyleName = 'value'): void {
  const rows: Row[] = pairs
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([key, value]) => ({ cells: [{ text: key, style: 'label' }, { text: value, style: valueStyle }], rule: true }));
  drawTable(context.layout, { widths: columnWidths(context.layout, 'keyValue'), rows, cellStyle: 'value' });
  context.layout.y += context.template.page.paragraphGap;
}

export interface BoxStyle {
  fill: string;
  border: string;
  title?: StyleName;
  body?: StyleName;
}

/** A boxed notice (test certificate, confidentiality, conclusion); plain paragraphs if it could not fit on any page. */
export function notice(context: RenderContext, title: string, body: string, box: BoxStyle): Rect | null {
  const layout = context.layout;
  const pad = 10;
  const titleStyle = layout.style(box.title ?? 'noticeTitle');
  const bodyStyle = layout.style(box.body ?? 'notice');
  const titleLines = layout.wrap(title, titleStyle, layout.width - 2 * pad);
  const bodyLines = layout.wrap(body, bodyStyle, layout.width - 2 * pad);
  const height = 2 * pad + titleLines.length * titleStyle.leading + 2 + bodyLines.length * bodyStyle.leading;
  if (height > layout.bodyHeight) {
    layout.paragraph(title, box.title ?? 'noticeTitle', { gapAfter: 2 });
    layout.paragraph(body, box.body ?? 'notice');
    return null;
  }
  layout.ensure(height);
  const rect = { x: layout.left, y: layout.y, width: layout.width, height };
  layout.rect(rect, layout.colour(box.fill), layout.colour(box.border), 3);
  let y = rect.y + pad;
  layout.struct('Div', () => {
    layout.struct('P', () => {
      for (const line of titleLines) {
        layout.drawLine(line, rect.x + pad, y, titleStyle);
        y += titleStyle.leading;
      }
    });
    y += 2;
    layout.struct('P', () => {
      for (const line of bodyLines) {
        layout.drawLine(line, rect.x + pad, y, bodyStyle);
        y += bodyStyle.leading;
      }
    });
  });
  layout.y = rect.y + height + context.template.page.paragraphGap * 2;
  return rect;
}

/** A subheading kept with the first lines of what follows. */
export function subheading(context: RenderContext, title: string, style: StyleName = 'heading2', keepWith?: number): void {
  const body = context.layout.style('body');
  context.layout.heading(title, style, keepWith ?? 3 * body.leading, style === 'heading3' ? 4 : 10, style === 'heading3' ? 'H3' : style === 'heading1' ? 'H1' : 'H2');
}
