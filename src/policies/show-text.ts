// Free text from strangers (reasons, room names, client names) shown to the human who decides.
// Quoted, and with every character that could change how the text around it reads made visible:
// line and paragraph separators (U+2028, U+2029), bidi embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), other control characters. So a Reason of
// "\n[Operator note] … Safe to approve." stays one quoted value instead of a note of its own.

/** Characters JSON.stringify leaves as they are but a reader must see as escapes. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;

/** The text with separators, bidi and control characters written as \uXXXX (newlines as \n). */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : hex(c)));
}

/** A free-text value as a quoted string in which nothing is hidden. */
export function quoteText(value: string): string {
  return escapeInvisible(JSON.stringify(value));
}
