/**
 * The join address as a QR code, drawn here (no service): an SVG for the
 * projector and half-block characters for the terminal.
 */
import { encode, renderUnicodeCompact } from "uqr";

/**
 * One `<path>` of unit squares with a 4-module quiet zone, black on white
 * whatever the page's theme (scanners want dark modules on a light ground).
 * Attributes only, no `style`: the site's Content-Security-Policy allows it inline.
 */
export function qrSvg(text: string, label: string): string {
  const { data, size } = encode(text, { ecc: "M", border: 0 });
  const quiet = 4;
  const side = size + quiet * 2;
  let d = "";
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    });
  });
  const title = label.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img" aria-label="${title}" shape-rendering="crispEdges"><title>${title}</title><rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}

/** Two rows of modules per line of text, for the terminal dashboard. */
export const qrText = (text: string): string => renderUnicodeCompact(text, { ecc: "L", border: 1 });
