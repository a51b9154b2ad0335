import { demoReport, stressReport } from '../../src/reports/demo-fixture';
import { canonicalContentSha256, renderReport } from '../../src/reports/render';
import { Layout } from '../../src/reports/render/layout';
import type { ReportBinding, ReportContent } from '../../src/reports/report-model';

/** One line of text as the layout put it on a page (pdfkit's own positions, before any PDF is written). */
interface Placed {
  page: number;
  y: number;
  text: string;
  /** The heading this line belongs to, or null. */
  heading: number | null;
  /** The flowing paragraph this line belongs to, or null (table cells, figure labels, boxes). */
  paragraph: number | null;
}

function asV2(report: { content: ReportContent; binding: ReportBinding }): { content: ReportContent; binding: ReportBinding } {
  const content: ReportContent = { ...report.content, templateVersion: '2' };
  return { content, binding: { ...report.binding, templateVersion: '2', contentSha256: canonicalContentSha256(content) } };
}

/** Renders and records every body line with its page, heading and paragraph; the running head and foot are left out. */
async function placeLines(report: { content: ReportContent; binding: ReportBinding }): Promise<{ lines: Placed[]; pdf: Buffer }> {
  const lines: Placed[] = [];
  let heading: number | null = null;
  let paragraph: number | null = null;
  let next = 0;
  const original = { heading: Layout.prototype.heading, paragraph: Layout.prototype.paragraph, drawLine: Layout.prototype.drawLine };
  const spies = [
    jest.spyOn(Layout.prototype, 'heading').mockImplementation(function (this: Layout, ...args) {
      heading = ++next;
      try {
        return original.heading.apply(this, args);
      } finally {
        heading = null;
      }
    }),
    jest.spyOn(Layout.prototype, 'paragraph').mockImplementation(function (this: Layout, ...args) {
      paragraph = ++next;
      try {
        return original.paragraph.apply(this, args);
      } finally {
        paragraph = null;
      }
    }),
    jest.spyOn(Layout.prototype, 'drawLine').mockImplementation(function (this: Layout, ...args) {
      const [text, , y] = args;
      // Body lines only: the running head and foot sit in the margins.
      if (text.trim() !== '' && y >= this.top - 0.01 && y < this.bottom) lines.push({ page: this.pageIndex, y, text, heading, paragraph });
      return original.drawLine.apply(this, args);
    }),
  ];
  try {
    const pdf = await renderReport(report.content, report.binding);
    return { lines, pdf };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

const cases: [string, () => { content: ReportContent; binding: ReportBinding }][] = [
  ['stress v1', stressReport],
  ['stress v2', () => asV2(stressReport())],
  ['demo v2', () => asV2(demoReport())],
];

describe.each(cases)('page layout of the %s report', (_name, make) => {
  let lines: Placed[];

  beforeAll(async () => {
    ({ lines } = await placeLines(make()));
  }, 60_000);

  it('spans several pages (the check has something to find)', () => {
    expect(new Set(lines.map((line) => line.page)).size).toBeGreaterThan(5);
    expect(lines.some((line) => line.heading !== null)).toBe(true);
  });

  it('never leaves a heading at the bottom of a page: what follows it starts on the same page', () => {
    const stranded: string[] = [];
    lines.forEach((line, index) => {
      if (line.heading === null) return;
      const following = lines.slice(index + 1).find((other) => other.heading !== line.heading);
      if (following && following.heading === null && following.page !== line.page) stranded.push(`"${line.text}" (p. ${line.page + 1}) → "${following.text}" (p. ${following.page + 1})`);
    });
    expect(stranded).toEqual([]);
  });

  it('never leaves a single line of a paragraph alone at the top or the bottom of a page', () => {
    const byParagraph = new Map<number, Placed[]>();
    for (const line of lines) if (line.paragraph !== null) byParagraph.set(line.paragraph, [...(byParagraph.get(line.paragraph) ?? []), line]);
    const alone: string[] = [];
    let split = 0;
    for (const paragraphLines of byParagraph.values()) {
      const pages = new Map<number, Placed[]>();
      for (const line of paragraphLines) pages.set(line.page, [...(pages.get(line.page) ?? []), line]);
      if (pages.size < 2) continue;
      split++;
      for (const [page, onPage] of pages) if (onPage.length < 2) alone.push(`p. ${page + 1}: "${onPage[0].text}"`);
    }
    expect(alone).toEqual([]);
    // The stress report is built to break paragraphs across pages; the demo need not.
    if (_name.startsWith('stress')) expect(split).toBeGreaterThan(0);
  });
});
