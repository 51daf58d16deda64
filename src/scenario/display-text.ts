/**
 * Text from input files (names, values, echoed garbage) made safe to print:
 * control characters escaped so a name cannot move the cursor, change the
 * terminal's title or spoof a line, and long echoes cut so a 10 MB bogus
 * value prints a line, not 10 MB.
 */

/** C0 and C1 controls, DEL, and the Unicode bidirectional overrides (which reorder what a reader sees). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Escapes control characters as `\n`, `\x1b`, `\u202e` (one line, nothing the terminal acts on). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Escapes control characters except newlines and tabs (for multi-line output such as a table). */
export function escapeControlKeepLines(text: string): string {
  return text.split("\n").map((line) => escapeControl(line).replace(/\\t/g, "\t")).join("\n");
}

/** Longest message printed for one problem, in characters. */
export const MAX_MESSAGE_CHARS = 1000;

/** `text` cut to `max` characters with the number left out: `abc… (9000 more characters)`. */
export function truncateText(text: string, max: number = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A message ready for stderr: control characters escaped, then cut to {@link MAX_MESSAGE_CHARS}. */
export function displayMessage(text: string): string {
  return truncateText(escapeControl(text));
}
