import type { FontRole } from './fonts';
import type { ReportTemplate, StyleName, TextStyle } from './template';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ParagraphOptions {
  indent?: number;
  gapAfter?: number;
  /** A coloured bar left of the text (quotes, interview notes); drawn per line so it follows page breaks. */
  bar?: string;
  /** Structure type in the tagged PDF; a paragraph by default. */
  tag?: string;
}

/** Characters after which an over-long token (URL, path, hash) may be broken before falling back to any character. */
const BREAK_AFTER = new Set(['/', '-', '?', '&', '=', '.', '_', ':', ',', ';', '#', '+', '\\', '@', '|']);
const EPSILON = 0.01;
/** Structure types that hold other elements, never text directly. */
const GROUPING = new Set(['', 'Document', 'Part', 'Sect', 'Div', 'L', 'LI', 'Table', 'THead', 'TBody', 'TR']);
/** The type of each structure element this module made (pdfkit keeps it only inside the PDF dictionary). */
const STRUCTURE_TYPES = new WeakMap<PDFKit.PDFStructureElement, string>();

/**
 * The page flow of the report: one cursor that moves down the body area and starts a new page when
 * the next piece does not fit. Text is wrapped here rather than by pdfkit, so every line's page is
 * decided before it is drawn: tables can repeat their header and keep rows whole, and pdfkit never
 * adds a page on its own.
 */
export class Layout {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
  y: number;

  private readonly unitWidths: Record<FontRole, Map<string, number>> = {
    regular: new Map(),
    italic: new Map(),
    semibold: new Map(),
    bold: new Map(),
  };
  private readonly lineBoxEm = new Map<FontRole, number>();
  private font: FontRole | null = null;
  private fontSize = 0;
  private fill: string | null = null;
  /** Open structure elements of the tagged PDF, innermost last; text is marked as content of the innermost. */
  private readonly structures: PDFKit.PDFStructureElement[] = [];
  /** Inside a figure or an artifact: drawing is already marked as a whole. */
  private unmarked = 0;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly template: ReportTemplate,
  ) {
    const { size, margins } = template.page;
    this.left = margins.left;
    this.right = size[0] - margins.right;
    this.top = margins.top;
    this.bottom = size[1] - margins.bottom;
    this.width = this.right - this.left;
    this.y = this.top;
    if (this.tagged) {
      const root = doc.struct('Document');
      STRUCTURE_TYPES.set(root, 'Document');
      doc.addStructure(root);
      this.structures.push(root);
    }
  }

  /** Whether the document carries a structure tree (pdfkit's `tagged` option). */
  get tagged(): boolean {
    return (this.doc as unknown as { options: PDFKit.PDFDocumentOptions }).options.tagged === true;
  }

  // --- structure (tagged PDF) ---------------------------------------------------------------------

  /** Creates a structure element under the innermost open one, without opening it. */
  element(type: string, options: PDFKit.Mixins.StructureElementOptions = {}, parent?: PDFKit.PDFStructureElement): PDFKit.PDFStructureElement | null {
    if (!this.tagged) return null;
    const element = this.doc.struct(type, options);
    STRUCTURE_TYPES.set(element, type);
    (parent ?? this.structures[this.structures.length - 1]).add(element);
    return element;
  }

  /** Runs `draw` with `element` as the innermost structure element, which stays open (a table cell split over pages). */
  within<T>(element: PDFKit.PDFStructureElement | null, draw: () => T): T {
    if (!element) return draw();
    this.structures.push(element);
    try {
      return draw();
    } finally {
      this.structures.pop();
    }
  }

  /** A new structure element of `type` around what `draw` puts on the page, closed afterwards. */
  struct<T>(type: string, draw: () => T, options: PDFKit.Mixins.StructureElementOptions = {}): T {
    const element = this.element(type, options);
    try {
      return this.within(element, draw);
    } finally {
      element?.end();
    }
  }

  /**
   * Everything `draw` puts on the current page as one marked piece of a Figure with a text
   * alternative; the figure must not break across pages.
   */
  figure(alt: string, draw: () => void): void {
    if (!this.tagged) return draw();
    const figure = this.element('Figure', { alt });
    this.markAs(figure!, 'Figure', draw);
    figure!.end();
  }

  /** Drawing that is no content of the document (running head and foot, rules, fills, repeated table headers). */
  artifact(draw: () => void, type: PDFKit.Mixins.MarkingOptions['type'] = 'Layout'): void {
    if (!this.tagged || this.unmarked > 0) return draw();
    this.doc.markContent('Artifact', { type });
    this.unmarked++;
    try {
      draw();
    } finally {
      this.unmarked--;
      this.doc.endMarkedContent();
    }
  }

  private markAs(element: PDFKit.PDFStructureElement, tag: string, draw: () => void): void {
    const content = this.doc.markStructureContent(tag);
    this.unmarked++;
    try {
      draw();
    } finally {
      this.unmarked--;
      this.doc.endMarkedContent();
    }
    element.add(content);
  }

  /** Text is content of a leaf element; in a grouping element (or none), each line becomes a paragraph of its own. */
  private markText(draw: () => void): void {
    if (!this.tagged || this.unmarked > 0) return draw();
    const current = this.structures[this.structures.length - 1];
    const type = STRUCTURE_TYPES.get(current) ?? '';
    if (GROUPING.has(type)) {
      const paragraph = this.element('P')!;
      this.markAs(paragraph, 'P', draw);
      paragraph.end();
      return;
    }
    this.markAs(current, type, draw);
  }

  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  get bodyHeight(): number {
    return this.bottom - this.top;
  }

  get atPageTop(): boolean {
    return this.y <= this.top + EPSILON;
  }

  get remaining(): number {
    return this.bottom - this.y;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = this.top;
    // A new page starts a new content stream with the default graphics state.
    this.font = null;
    this.fill = null;
  }

  /** Called after drawing on an earlier page (header, footer): pdfkit's state belongs to that page now. */
  forgetGraphicsState(): void {
    this.font = null;
    this.fill = null;
  }

  fits(height: number): boolean {
    return this.y + height <= this.bottom + EPSILON;
  }

  /** Moves to a new page unless `height` fits; a fresh page is never skipped, so oversized blocks cannot loop. */
  ensure(height: number): void {
    if (!this.fits(height) && !this.atPageTop) this.newPage();
  }

  /** Vertical space between blocks; swallowed at the top of a page, where it would only push content down. */
  gap(points: number): void {
    if (this.atPageTop) return;
    this.y += points;
    if (this.y > this.bottom) this.newPage();
  }

  style(name: StyleName): TextStyle {
    return this.template.styles[name];
  }

  colour(key: string): string {
    return this.template.colours[key] ?? key;
  }

  // --- measuring -------------------------------------------------------------------------------

  /**
   * Width of a line as pdfkit will draw it. pdfkit shapes text as runs of "word " (a word with the
   * space after it) and caches each run per document; measuring in the same runs fills that cache,
   * so each word is shaped once for measuring and drawing together. Shaping is most of a render.
   */
  widthOf(text: string, style: TextStyle): number {
    let width = 0;
    for (const token of text.split(' ')) width += this.unitWidth(token + ' ', style.font);
    return (width - this.unitWidth(' ', style.font)) * style.size;
  }

  /** Height of the glyph box (ascender to descender) of a style, used to centre text in its line. */
  lineBox(style: TextStyle): number {
    let em = this.lineBoxEm.get(style.font);
    if (em === undefined) {
      this.useFont(style.font, 100);
      em = this.doc.currentLineHeight() / 100;
      this.lineBoxEm.set(style.font, em);
    }
    return em * style.size;
  }

  /**
   * Breaks text into lines no wider than `maxWidth`. Newlines are kept (a blank line stays a blank
   * line), runs of blank lines collapse to one, and a token wider than the line is broken, after a
   * URL-like separator when one is near the end, else between any two characters.
   */
  wrap(text: string, style: TextStyle, maxWidth: number): string[] {
    const lines: string[] = [];
    const space = this.unitWidth(' ', style.font) * style.size;
    const limit = maxWidth + EPSILON;
    for (const hardLine of normaliseText(text).split('\n')) {
      const words = hardLine.split(' ').filter((word) => word.length > 0);
      if (words.length === 0) {
        if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
        continue;
      }
      let line = '';
      // Width of the line with a space after its last word; the line itself ends without one.
      let spacedWidth = 0;
      for (const word of words) {
        const spacedWord = this.unitWidth(word + ' ', style.font) * style.size;
        if (line && spacedWidth + spacedWord - space <= limit) {
          line += ' ' + word;
          spacedWidth += spacedWord;
          continue;
        }
        if (line) lines.push(line);
        if (spacedWord - space <= limit) {
          line = word;
          spacedWidth = spacedWord;
          continue;
        }
        const pieces = this.breakToken(word, style, maxWidth);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1];
        spacedWidth = this.unitWidth(line + ' ', style.font) * style.size;
      }
      if (line) lines.push(line);
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  /** Shortens a single line to `maxWidth` with an ellipsis (running header only: the full text is elsewhere). */
  fitLine(text: string, style: TextStyle, maxWidth: number): string {
    if (this.widthOf(text, style) <= maxWidth) return text;
    const chars = Array.from(text);
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.widthOf(chars.slice(0, mid).join('').trimEnd() + '…', style) <= maxWidth) low = mid;
      else high = mid - 1;
    }
    return chars.slice(0, low).join('').trimEnd() + '…';
  }

  // --- drawing ---------------------------------------------------------------------------------

  /** Draws one already wrapped line with its line box at `y`. */
  drawLine(text: string, x: number, y: number, style: TextStyle, colour?: string): void {
    if (text.length === 0) return;
    const offset = (style.leading - this.lineBox(style)) / 2;
    this.useFont(style.font, style.size);
    this.useFill(colour ?? this.colour(style.colour));
    // The trailing space makes every word a "word " run, already shaped when the line was measured.
    this.markText(() => this.doc.text(text + ' ', x, y + offset, { lineBreak: false }));
  }

  drawLineRight(text: string, right: number, y: number, style: TextStyle): void {
    this.drawLine(text, right - this.widthOf(text, style), y, style);
  }

  drawLineCentred(text: string, centre: number, y: number, style: TextStyle, colour?: string): void {
    this.drawLine(text, centre - this.widthOf(text, style) / 2, y, style, colour);
  }

  /** Flowing text: wraps, breaks pages between lines, and never leaves a single line of a paragraph behind. */
  paragraph(text: string, styleName: StyleName, options: ParagraphOptions = {}): void {
    const style = this.style(styleName);
    const indent = options.indent ?? 0;
    const lines = this.wrap(text, style, this.width - indent);
    this.struct(options.tag ?? 'P', () => this.flowLines(lines, style, indent, options.bar));
    this.y += options.gapAfter ?? this.template.page.paragraphGap;
  }

  flowLines(lines: string[], style: TextStyle, indent: number, bar?: string): void {
    if (lines.length === 0) return;
    // No first line alone at the foot of a page ...
    this.ensure(style.leading * Math.min(lines.length, 2));
    lines.forEach((line, index) => {
      // ... and no last line alone at the head of the next.
      const widow = lines.length - index === 2 && index > 0 && !this.fits(2 * style.leading);
      if (widow || !this.fits(style.leading)) this.newPage();
      // A blank line separates paragraphs: half a line is enough, and none at the top of a page.
      if (line === '' && this.atPageTop) return;
      const advance = line === '' ? style.leading / 2 : style.leading;
      if (bar) this.rect({ x: this.left, y: this.y, width: 2, height: advance }, bar);
      this.drawLine(line, this.left + indent, this.y, style);
      this.y += advance;
    });
  }

  /** A heading kept together with at least `keepWith` points of what follows it. */
  heading(text: string, styleName: StyleName, keepWith: number, gapBefore: number, tag = 'H1'): void {
    const style = this.style(styleName);
    const lines = this.wrap(text, style, this.width);
    this.gap(gapBefore);
    // The space under the heading counts too, or what it keeps with can still miss the page by a hair.
    this.ensure((lines.length + 0.25) * style.leading + keepWith);
    this.struct(tag, () => {
      for (const line of lines) {
        this.drawLine(line, this.left, this.y, style);
        this.y += style.leading;
      }
    });
    this.y += style.leading * 0.25;
  }

  rect(rect: Rect, fillColour: string, strokeColour?: string, radius = 0, opacity = 1): void {
    this.artifact(() => this.drawRect(rect, fillColour, strokeColour, radius, opacity));
  }

  private drawRect(rect: Rect, fillColour: string, strokeColour?: string, radius = 0, opacity = 1): void {
    const doc = this.doc;
    doc.save();
    if (opacity < 1) doc.fillOpacity(opacity);
    if (radius > 0) doc.roundedRect(rect.x, rect.y, rect.width, rect.height, radius);
    else doc.rect(rect.x, rect.y, rect.width, rect.height);
    if (strokeColour) doc.lineWidth(0.75).fillAndStroke(fillColour, strokeColour);
    else doc.fill(fillColour);
    doc.restore();
  }

  rule(x1: number, x2: number, y: number, colour: string, width = 0.5): void {
    this.artifact(() => this.doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(colour).stroke().restore());
  }

  // --- internals -------------------------------------------------------------------------------

  private useFont(font: FontRole, size: number): void {
    if (this.font !== font) {
      this.doc.font(font);
      this.font = font;
    }
    if (this.fontSize !== size) {
      this.doc.fontSize(size);
      this.fontSize = size;
    }
  }

  private useFill(colour: string): void {
    if (this.fill !== colour) {
      this.doc.fillColor(colour);
      this.fill = colour;
    }
  }

  /** Width of a space-free token at 1 pt; cached per render (never across renders: the words are personal data). */
  private unitWidth(token: string, font: FontRole): number {
    const cache = this.unitWidths[font];
    let width = cache.get(token);
    if (width === undefined) {
      this.useFont(font, 1000);
      width = this.doc.widthOfString(token) / 1000;
      cache.set(token, width);
    }
    return width;
  }

  private breakToken(token: string, style: TextStyle, maxWidth: number): string[] {
    const chars = Array.from(token);
    const widths = chars.map((char) => this.unitWidth(char, style.font) * style.size);
    const pieces: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = start;
      let width = 0;
      let lastBreak = -1;
      while (end < chars.length && width + widths[end] <= maxWidth) {
        width += widths[end];
        end++;
        if (BREAK_AFTER.has(chars[end - 1])) lastBreak = end;
      }
      if (end === chars.length) {
        pieces.push(chars.slice(start).join(''));
        break;
      }
      // Prefer a separator, unless it would leave most of the line empty.
      let cut = lastBreak > start && lastBreak - start >= (end - start) * 0.6 ? lastBreak : end;
      cut = Math.max(cut, start + 1);
      // Kerning and ligatures make the real width differ slightly from the sum of the characters.
      while (cut > start + 1 && this.widthOf(chars.slice(start, cut).join(''), style) > maxWidth + EPSILON) cut--;
      pieces.push(chars.slice(start, cut).join(''));
      start = cut;
    }
    return pieces;
  }
}

/** Canonical composition (a letter and its accent are never split), newlines as LF, tabs as spaces, no control characters. */
export function normaliseText(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/\r\n?|[\u2028\u2029]/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
      .trim()
  );
}
