// Types for the two gray-matter 4.0.3 modules frontmatter.ts calls directly (the package ships types for its entry only).
declare module 'gray-matter/lib/parse.js' {
  /** Parse `str` with the engine named `language` in `options.engines` (gray-matter's defaults merged in). */
  export default function parse(language: string, str: string, options: object): unknown;
}
declare module 'gray-matter/lib/excerpt.js' {
  /** Set `file.excerpt` by `file.data.excerpt_separator` or `options.excerpt`. */
  export default function excerpt(file: { data: unknown; content: string; excerpt?: string }, options: object): unknown;
}
