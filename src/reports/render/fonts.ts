import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export type FontRole = 'regular' | 'italic' | 'semibold' | 'bold';

const FILES: Record<FontRole, string> = {
  regular: 'SourceSans3-Regular.ttf',
  italic: 'SourceSans3-It.ttf',
  semibold: 'SourceSans3-Semibold.ttf',
  bold: 'SourceSans3-Bold.ttf',
};

/** The part of a fontkit font pdfkit needs to accept it in place of a file (pdfkit checks for `layout`). */
interface ParsedFont {
  layout: (text: string, features?: unknown) => GlyphRun;
  characterSet: number[];
  glyphForCodePoint: (codePoint: number) => { id: number };
}

/** A fontkit glyph as far as pdfkit's ToUnicode map reads it. */
interface Glyph {
  id: number;
  codePoints: number[];
}

/** What fontkit's layout returns, as far as pdfkit reads it. */
interface GlyphRun {
  glyphs: unknown[];
  positions: GlyphPosition[];
  readonly advanceWidth: number;
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

/**
 * Words of the report templates, the only text whose shaping is kept from one render to the next:
 * shaping (OpenType substitution and positioning) is most of a render, and about half of a
 * report's distinct words are the template's own. Words of the content are never kept: they are
 * personal data and stay in pdfkit's cache of the one document.
 */
const templateWords = new Set<string>();

/** Adds a template's words, in the runs pdfkit shapes ("word " and, at the end of a text, "word"). */
export function shareShapingOf(texts: Iterable<string>): void {
  for (const text of texts) {
    for (const word of text.split(/\s+/)) {
      if (word && !word.includes('{')) templateWords.add(word).add(`${word} `);
    }
  }
}

let buffers: Record<FontRole, Buffer> | null = null;
let parsed: Record<FontRole, ParsedFont> | null = null;

/** Source Sans 3 (OFL) from the `source-sans` package, read once per process: every render needs all four. */
export function fontBuffers(): Record<FontRole, Buffer> {
  if (!buffers) {
    const dir = path.join(path.dirname(require.resolve('source-sans/package.json')), 'TTF');
    buffers = {
      regular: fs.readFileSync(path.join(dir, FILES.regular)),
      italic: fs.readFileSync(path.join(dir, FILES.italic)),
      semibold: fs.readFileSync(path.join(dir, FILES.semibold)),
      bold: fs.readFileSync(path.join(dir, FILES.bold)),
    };
  }
  return buffers;
}

/**
 * The four faces parsed once per process. Given a buffer, pdfkit parses the font again for every
 * document, and parsing the OpenType layout tables of Source Sans was most of a render's time.
 * A parsed font caches font data (tables, glyphs), not text, and each document still builds its
 * own subset. package.json pins fontkit to the version pdfkit depends on, so npm keeps one copy.
 */
export function parsedFonts(): Record<FontRole, ParsedFont> {
  if (!parsed) {
    const fontkit = createRequire(__filename)('fontkit') as { create: (data: Uint8Array) => ParsedFont };
    const faces = fontBuffers();
    parsed = {
      regular: sharingTemplateShapes(fontkit.create(faces.regular)),
      italic: sharingTemplateShapes(fontkit.create(faces.italic)),
      semibold: sharingTemplateShapes(fontkit.create(faces.semibold)),
      bold: sharingTemplateShapes(fontkit.create(faces.bold)),
    };
  }
  return parsed;
}

/**
 * The font as pdfkit sees it: everything is the fontkit font's own, except that `layout` answers
 * template words from a per-process store. pdfkit scales a run's positions in place, so every
 * answer is a fresh copy of the stored, unscaled positions.
 */
function sharingTemplateShapes(font: ParsedFont): ParsedFont {
  const shaped = new Map<string, GlyphRun>();
  const characters = characterOf(font);
  const layout = (text: string, features?: unknown): GlyphRun => {
    if (features !== undefined || !templateWords.has(text)) return withCharacters(font.layout(text, features), characters);
    let run = shaped.get(text);
    if (!run) {
      run = copyRun(withCharacters(font.layout(text), characters));
      shaped.set(text, run);
    }
    return copyRun(run);
  };
  return new Proxy(font, {
    get(target, property) {
      if (property === 'layout') return layout;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * fontkit keeps one glyph object per glyph id for the life of the parsed font, with the characters
 * of the text it was first made for; a glyph first made without them (from the shaper's
 * substitutions) keeps an empty list, and pdfkit, which builds the ToUnicode map from it, then
 * maps that glyph to nothing in every later document: `pdftotext` lost the full stops of lines
 * whose "." glyph came that way. A glyph without characters gets the one the font maps to it.
 */
function withCharacters(run: GlyphRun, characters: () => Map<number, number>): GlyphRun {
  for (const glyph of run.glyphs as Glyph[]) {
    if (glyph.codePoints.length > 0) continue;
    const codePoint = characters().get(glyph.id);
    if (codePoint !== undefined) glyph.codePoints = [codePoint];
  }
  return run;
}

/** The font's own cmap reversed (glyph id to its lowest code point), built on first need. */
function characterOf(font: ParsedFont): () => Map<number, number> {
  let map: Map<number, number> | null = null;
  return () => {
    if (!map) {
      map = new Map();
      for (const codePoint of [...font.characterSet].sort((a, b) => a - b)) {
        const id = font.glyphForCodePoint(codePoint).id;
        if (id !== 0 && !map.has(id)) map.set(id, codePoint);
      }
    }
    return map;
  };
}

function copyRun(run: GlyphRun): GlyphRun {
  const positions = run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset }));
  return {
    glyphs: run.glyphs,
    positions,
    // As fontkit's: the sum of the advances, read after pdfkit has scaled them.
    get advanceWidth() {
      return positions.reduce((sum, position) => sum + position.xAdvance, 0);
    },
  };
}

/** Registers the four faces under their role names; pdfkit embeds only the glyphs used (subset). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const faces = parsedFonts();
  // pdfkit accepts a parsed fontkit font wherever it takes a font file; its types only list files.
  for (const role of Object.keys(faces) as FontRole[]) doc.registerFont(role, faces[role] as unknown as Buffer);
}
