// Shields-like status badges (label | message), readable on their own: the status is written,
// the colour only repeats it. Widths come from a per-character estimate of 11px Verdana.
const NARROW = new Set("fijlrtI.,:;!|'()[] ");
const WIDE = new Set('mwMW@%');

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += NARROW.has(char) ? 4 : WIDE.has(char) ? 10 : /[A-Z0-9]/.test(char) ? 7.5 : 6.6;
  return Math.ceil(width);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);
}

export function badgeSvg(label: string, message: string, colour: string): string {
  const padding = 6;
  const labelWidth = textWidth(label) + 2 * padding;
  const messageWidth = textWidth(message) + 2 * padding;
  const width = labelWidth + messageWidth;
  const title = escapeXml(`${label}: ${message}`);
  const [l, m] = [escapeXml(label), escapeXml(message)];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<rect width="${labelWidth}" height="20" fill="#555"/>`,
    `<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${escapeXml(colour)}"/>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11">`,
    `<text x="${labelWidth / 2}" y="14">${l}</text>`,
    `<text x="${labelWidth + messageWidth / 2}" y="14">${m}</text>`,
    `</g></svg>`,
  ].join('');
}
