import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { demoReport, stressReport } from '../../src/reports/demo-fixture';
import { canonicalContentSha256, canonicalJson, readBinding, renderReport } from '../../src/reports/render';
import { reportTemplate } from '../../src/reports/render/template';
import type { ReportBinding, ReportContent } from '../../src/reports/report-model';
import { describeWithTools } from '../support/tools';

const template = reportTemplate('1');
const [PAGE_WIDTH, PAGE_HEIGHT] = template.page.size;
const { margins, headerTop, footerTop } = template.page;
/** Slack for glyph boxes: pdftotext measures from the font's ascender and descender, not the ink. */
const TOLERANCE = 1.5;
const SIGNATURE = { signatureLength: 8192 };

interface Word {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

interface Rendered {
  content: ReportContent;
  binding: ReportBinding;
  pdf: Buffer;
  file: string;
  pages: number;
  /** Text of each page, in reading order. */
  pageTexts: string[];
  words: Word[];
}

const run = (tool: string, args: string[]): string => execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const decodeEntities = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

function wordsOf(file: string): Word[] {
  const html = run('pdftotext', ['-bbox', file, '-']);
  const words: Word[] = [];
  let page = 0;
  for (const match of html.matchAll(/<page [^>]*>|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (match[0].startsWith('<page')) page++;
    else words.push({ page, xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]), text: decodeEntities(match[5]) });
  }
  return words;
}

async function renderToFile(dir: string, name: string, fixture: { content: ReportContent; binding: ReportBinding }): Promise<Rendered> {
  const pdf = await renderReport(fixture.content, fixture.binding, { signaturePlaceholder: SIGNATURE });
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]);
  const pageTexts = run('pdftotext', ['-layout', file, '-']).split('\f').slice(0, pages);
  return { ...fixture, pdf, file, pages, pageTexts, words: wordsOf(file) };
}

/** The body area of a page in pixels at `dpi`, where the report's content (not its header or footer) goes. */
function inkInBody(png: PNG, dpi: number): number {
  const scale = dpi / 72;
  const [x0, x1] = [Math.ceil(margins.left * scale), Math.floor((PAGE_WIDTH - margins.right) * scale)];
  const [y0, y1] = [Math.ceil(margins.top * scale), Math.floor((PAGE_HEIGHT - margins.bottom) * scale)];
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      if (Math.min(png.data[i], png.data[i + 1], png.data[i + 2]) < 160) ink++;
    }
  }
  return ink;
}

describe('canonical content hash', () => {
  it('does not depend on the order in which keys were written', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    const { content } = demoReport();
    const reordered = Object.fromEntries(Object.entries(content).reverse()) as unknown as ReportContent;
    expect(canonicalContentSha256(reordered)).toBe(canonicalContentSha256(content));
  });

  it('changes with any change of the content', () => {
    const { content } = demoReport();
    const changed = { ...content, candidate: { name: `${content.candidate.name} ` } };
    expect(canonicalContentSha256(changed)).not.toBe(canonicalContentSha256(content));
    expect(canonicalContentSha256(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to render a binding made for other content', async () => {
    const { content, binding } = demoReport();
    await expect(renderReport({ ...content, risks: [] }, binding)).rejects.toThrow(/contentSha256/);
  });
});

describe('readBinding', () => {
  it('finds nothing in what is not a report, and never throws', () => {
    expect(readBinding(Buffer.alloc(0))).toBeNull();
    expect(readBinding(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Title (x) >>\nendobj\n'))).toBeNull();
    expect(readBinding(Buffer.from('/BasisscanBinding (bm90IGpzb24=)'))).toBeNull();
    expect(readBinding(Buffer.from(`/BasisscanBinding (${Buffer.from('{"reportId":1}').toString('base64')})`))).toBeNull();
    expect(readBinding(Buffer.from('/BasisscanBinding 7 0 R'))).toBeNull();
    for (let i = 0; i < 50; i++) expect(() => readBinding(Buffer.from(Array.from({ length: 200 }, (_, j) => (i * 31 + j * 17) % 256)))).not.toThrow();
  });
});

describeWithTools(['pdftoppm', 'pdftotext', 'pdffonts', 'pdfinfo'], 'the rendered risk report', () => {
  let dir: string;
  const reports: Record<'demo' | 'stress', Rendered> = {} as Record<'demo' | 'stress', Rendered>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-report-'));
    reports.demo = await renderToFile(dir, 'demo', demoReport());
    reports.stress = await renderToFile(dir, 'stress', stressReport());
    console.log(`Page counts: demo ${reports.demo.pages}, stress ${reports.stress.pages}`);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders the demo case to about ten pages', () => {
    expect(reports.demo.pages).toBeGreaterThanOrEqual(9);
    expect(reports.demo.pages).toBeLessThanOrEqual(14);
  });

  describe.each(['demo', 'stress'] as const)('%s report', (name) => {
    it('has content in the body of every page: no blank pages', () => {
      const report = reports[name];
      const prefix = path.join(dir, `${name}-page`);
      execFileSync('pdftoppm', ['-r', '40', '-png', report.file, prefix]);
      const images = fs.readdirSync(dir).filter((file) => file.startsWith(`${name}-page`) && file.endsWith('.png'));
      expect(images).toHaveLength(report.pages);
      const emptyPages = images.sort().filter((file) => inkInBody(PNG.sync.read(fs.readFileSync(path.join(dir, file))), 40) < 60);
      expect(emptyPages).toEqual([]);
    });

    it('keeps every word on the page, inside the margins, and only header and footer outside the body', () => {
      const report = reports[name];
      expect(report.words.length).toBeGreaterThan(500);
      const headerBand = [headerTop - TOLERANCE, headerTop + template.styles.header.leading + TOLERANCE];
      const footerBand = [footerTop - TOLERANCE, footerTop + template.styles.footer.leading + TOLERANCE];
      const inBand = (word: Word, [top, bottom]: number[]) => word.yMin >= top && word.yMax <= bottom;
      const misplaced = report.words.filter((word) => {
        const onPage = word.xMin >= 0 && word.yMin >= 0 && word.xMax <= PAGE_WIDTH && word.yMax <= PAGE_HEIGHT;
        const withinSides = word.xMin >= margins.left - TOLERANCE && word.xMax <= PAGE_WIDTH - margins.right + TOLERANCE;
        const inBody = word.yMin >= margins.top - TOLERANCE && word.yMax <= PAGE_HEIGHT - margins.bottom + TOLERANCE;
        return !onPage || !withinSides || !(inBody || inBand(word, headerBand) || inBand(word, footerBand));
      });
      expect(misplaced).toEqual([]);
    });

    it('says "Vertrouwelijk" and "pagina X van Y" on every page', () => {
      const report = reports[name];
      expect(report.pageTexts).toHaveLength(report.pages);
      report.pageTexts.forEach((text, index) => {
        expect(text).toContain('Vertrouwelijk');
        expect(text).toContain(`pagina ${index + 1} van ${report.pages}`);
      });
    });

    it('embeds every font it uses, subset', () => {
      const rows = run('pdffonts', [reports[name].file]).trim().split('\n').slice(2);
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const row of rows) {
        expect(row).toMatch(/^[A-Z]{6}\+SourceSans3-/);
        expect(row).toMatch(/\syes\s+yes\s+yes\s+\d+\s+\d+$/);
      }
    });

    it('names no candidate in the document metadata', () => {
      const report = reports[name];
      const metadata = run('pdfinfo', ['-custom', report.file]) + run('pdfinfo', ['-meta', report.file]);
      expect(metadata).toContain('Risicoanalyse integriteit – vertrouwelijk');
      expect(metadata).toContain(`Author:          ${report.content.organisation.name}`);
      const surname = report.content.candidate.name.split(/[\s-]/).find((part) => part.length > 4) ?? report.content.candidate.name;
      expect(metadata).not.toContain(report.content.candidate.name);
      expect(metadata).not.toContain(surname);
      expect(JSON.stringify(readBinding(report.pdf))).not.toContain(surname);
    });

    it('carries its binding, which readBinding returns', () => {
      expect(readBinding(reports[name].pdf)).toEqual(reports[name].binding);
    });

    it('shows the signature block exactly where the signature widget is', () => {
      const report = reports[name];
      const latin = report.pdf.toString('latin1');
      const widget = /\/FT \/Sig\s*\/Rect \[([\d.\s]+)\][\s\S]*?\/P (\d+) 0 R/.exec(latin);
      expect(widget).not.toBeNull();
      const [x1, y1, x2, y2] = widget![1].trim().split(/\s+/).map(Number);
      const kids = /\/Kids \[([^\]]*)\]/.exec(latin)![1].match(/\d+ 0 R/g)!.map((ref) => ref.split(' ')[0]);
      const page = kids.indexOf(widget![2]) + 1;
      const title = report.words.filter((word) => word.page === page && ['Digitaal', 'ondertekend', '(PAdES)'].includes(word.text));
      expect(title.length).toBeGreaterThanOrEqual(3);
      const [top, bottom] = [PAGE_HEIGHT - y2, PAGE_HEIGHT - y1];
      for (const word of title) {
        expect(word.xMin).toBeGreaterThan(x1);
        expect(word.xMax).toBeLessThan(x2);
        expect(word.yMin).toBeGreaterThan(top);
        expect(word.yMax).toBeLessThan(bottom);
      }
      // The block spans the body width, and holds the signer's name.
      expect(x1).toBeCloseTo(margins.left, 1);
      expect(x2).toBeCloseTo(PAGE_WIDTH - margins.right, 1);
      const inside = report.words.filter((word) => word.page === page && word.yMin > top && word.yMax < bottom).map((word) => word.text);
      expect(inside.join(' ')).toContain(report.binding.signer.name.split(' ')[0]);
    });
  });

  it('gives identical bytes for equal input', async () => {
    const again = demoReport();
    const second = await renderReport(again.content, again.binding, { signaturePlaceholder: SIGNATURE });
    expect(second.equals(reports.demo.pdf)).toBe(true);
  });

  it('escapes the organisation name in the XMP metadata, and keeps it plain in the Info dictionary', async () => {
    const demo = demoReport();
    const content = { ...demo.content, organisation: { name: 'Gemeente Aa & Hunze <Drenthe>' } };
    const fixture = { content, binding: { ...demo.binding, contentSha256: canonicalContentSha256(content) } };
    const report = await renderToFile(dir, 'ampersand', fixture);
    expect(run('pdfinfo', ['-meta', report.file])).toContain('<rdf:li>Gemeente Aa &amp; Hunze &lt;Drenthe&gt;</rdf:li>');
    expect(run('pdfinfo', [report.file])).toContain('Author:          Gemeente Aa & Hunze <Drenthe>');
  });

  it('shows Dutch characters as text, not as missing glyphs', () => {
    const text = reports.demo.pageTexts.join('\n');
    for (const sample of ['Öztürk-de Graaf', 'Financiële', 'geërfd', '€ 18.000', '‘Politieke ambtsdrager’', '“om elke schijn', 'geïnformeerd', '2016–2026']) {
      expect(text).toContain(sample);
    }
  });

  it('lists all 40 risks of the stress report, each numbered once in the register', () => {
    const report = reports.stress;
    const [padX] = template.page.tables.cellPadding;
    const firstPage = report.pageTexts.findIndex((text) => /\d+\s+Risicoregister/.test(text)) + 1;
    const lastPage = report.pageTexts.findIndex((text) => text.includes('Risicobeeld')) + 1;
    expect(firstPage).toBeGreaterThan(0);
    expect(lastPage).toBeGreaterThan(firstPage);
    const numbers = report.words
      .filter((word) => word.page >= firstPage && word.page <= lastPage && Math.abs(word.xMin - (margins.left + padX)) < 1 && /^\d+$/.test(word.text))
      .map((word) => Number(word.text));
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('repeats the risk table header on every page the register spans', () => {
    const report = reports.stress;
    const registerPages = report.pageTexts.map((text, index) => ({ text, page: index + 1 })).filter(({ text }) => /Beheersmaatregel/.test(text));
    expect(registerPages.length).toBeGreaterThan(5);
    for (const { text } of registerPages) expect(text).toMatch(/nr\s+Thema\s+Omschrijving\s+Kans\s+Impact\s+Niveau/);
  });
});
