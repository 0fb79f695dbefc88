/** Sanitized article HTML → plain text that keeps its paragraphs (what summaries and grounding read). */
import { tokenize } from "../formats/tokenize.ts";

// Elements that start a new paragraph of text; everything else flows inline.
const BLOCK = new Set(
  (
    "address article aside blockquote caption dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 " +
    "header hr li main nav ol p pre section summary table tbody tfoot thead tr ul"
  ).split(" "),
);
// Cells of a row stay on one line, apart.
const CELL = new Set(["td", "th"]);

/** Plain text of `html`: paragraphs separated by a blank line, `<br>` a line break, spaces collapsed. */
export function articleText(html: string): string {
  const paragraphs: string[] = [];
  let line = "";
  let lines: string[] = [];
  let pre = 0;

  const endLine = (): void => {
    const t = pre > 0 ? line.replace(/\s+$/, "") : line.replace(/\s+/g, " ").trim();
    if (t !== "") lines.push(t);
    line = "";
  };
  const endParagraph = (): void => {
    endLine();
    if (lines.length > 0) paragraphs.push(lines.join("\n"));
    lines = [];
  };

  tokenize(html, "html", {
    open(name) {
      if (BLOCK.has(name)) endParagraph();
      else if (name === "br") endLine();
      else if (CELL.has(name)) line += " ";
      if (name === "pre") pre++;
    },
    close(name) {
      if (BLOCK.has(name)) endParagraph();
      else if (CELL.has(name)) line += " ";
      if (name === "pre" && pre > 0) pre--;
    },
    text(data) {
      if (pre > 0 && data.includes("\n")) {
        const parts = data.split("\n");
        line += parts[0];
        for (const part of parts.slice(1)) {
          endLine();
          line = part;
        }
      } else line += data;
    },
  });
  endParagraph();
  return paragraphs.join("\n\n");
}
