// Catalog timestamps as GeoServer persists them. The milliseconds are not zero-padded
// (pattern "yyyy-MM-dd HH:mm:ss.S z"): the release data directory holds "2022-09-26 06:55:57.89 UTC"
// next to "2022-08-21 15:20:30.885 UTC" (contracts/geoserver/samples/datadir-ne-*.xml).

export type Clock = () => Date;

export function geoServerDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${date.getUTCMilliseconds()} UTC`
  );
}
