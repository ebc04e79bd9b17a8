// CSV (RFC 4180) for the downloads. Text cells that a spreadsheet would run as a formula
// (=, +, -, @, tab, carriage return first) are prefixed with an apostrophe.
export type CsvCell = string | number | boolean | undefined | null;

export function csvCell(value: CsvCell): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
