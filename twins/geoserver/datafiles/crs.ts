// The coordinate reference systems the twin knows, as GeoTools' EPSG database would answer for
// them: CRS.lookupIdentifier(crs, fullScan=true) on a data file's WKT (its own AUTHORITY, else a
// definition with the same projection and parameters, as the full scan compares them), and the
// WGS 84 box CatalogBuilder.getLatLonBounds computes from a native box.
import proj4 from 'proj4';
import type { BBox } from '../catalog.ts';

interface KnownCrs {
  code: string;
  proj4: string;
  /** Datum names a WKT may give it (lowercase), to tell apart CRSs with equal parameters. */
  datums: string[];
}

const GRS80 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';
const utm = (zone: number, south: boolean, datum: string) => `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${datum} +units=m +no_defs`;

/** France and its overseas departments, Europe, WGS 84 and its UTM zones, Web Mercator. */
const KNOWN: KnownCrs[] = [
  { code: 'EPSG:4326', proj4: '+proj=longlat +datum=WGS84 +no_defs', datums: ['wgs84', 'wgs_1984', 'world geodetic system 1984'] },
  { code: 'EPSG:4258', proj4: `+proj=longlat ${GRS80} +no_defs`, datums: ['etrs_1989', 'european_terrestrial_reference_system_1989', 'etrs89'] },
  {
    code: 'EPSG:4171',
    proj4: `+proj=longlat ${GRS80} +no_defs`,
    datums: ['rgf_1993', 'reseau_geodesique_francais_1993', 'reseau_geodesique_francais_1993_v1', 'rgf93'],
  },
  {
    code: 'EPSG:2154',
    proj4: `+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 ${GRS80} +units=m +no_defs`,
    datums: ['rgf_1993', 'reseau_geodesique_francais_1993', 'reseau_geodesique_francais_1993_v1'],
  },
  {
    code: 'EPSG:3857',
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    datums: ['wgs84', 'wgs_1984'],
  },
  {
    code: 'EPSG:27572',
    proj4:
      '+proj=lcc +lat_1=46.8 +lat_0=46.8 +lon_0=0 +k_0=0.99987742 +x_0=600000 +y_0=2200000 +a=6378249.2 +b=6356515 +towgs84=-168,-60,320,0,0,0,0 +pm=paris +units=m +no_defs',
    datums: ['ntf', 'nouvelle_triangulation_francaise', 'd_ntf'],
  },
  {
    code: 'EPSG:3035',
    proj4: `+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 ${GRS80} +units=m +no_defs`,
    datums: ['etrs_1989', 'european_terrestrial_reference_system_1989'],
  },
  ...[30, 31, 32].map((zone) => ({ code: `EPSG:${32600 + zone}`, proj4: utm(zone, false, '+datum=WGS84'), datums: ['wgs84', 'wgs_1984'] })),
  ...[30, 31, 32].map((zone) => ({
    code: `EPSG:${25800 + zone}`,
    proj4: utm(zone, false, GRS80),
    datums: ['etrs_1989', 'european_terrestrial_reference_system_1989'],
  })),
  { code: 'EPSG:2972', proj4: utm(22, false, GRS80), datums: ['rgfg95', 'reseau_geodesique_francais_guyane_1995'] },
  { code: 'EPSG:2975', proj4: utm(40, true, GRS80), datums: ['rgr92', 'reseau_geodesique_de_la_reunion_1992'] },
  { code: 'EPSG:4471', proj4: utm(38, true, GRS80), datums: ['rgm04', 'reseau_geodesique_de_mayotte_2004'] },
  { code: 'EPSG:5490', proj4: utm(20, false, GRS80), datums: ['rgaf09', 'reseau_geodesique_des_antilles_francaises_2009'] },
];

type Projection = ReturnType<typeof proj4.Proj>;
interface Parameters {
  forward: unknown;
  lat0?: number;
  long0?: number;
  lat1?: number;
  lat2?: number;
  x0?: number;
  y0?: number;
  k0?: number;
  a?: number;
  es?: number;
  datumCode?: string;
  projName?: string;
}

function parameters(definition: string): Parameters | undefined {
  try {
    return proj4.Proj(definition) as Projection & Parameters;
  } catch {
    return undefined;
  }
}

const close = (a: number | undefined, b: number | undefined, tolerance: number) => Math.abs((a ?? 0) - (b ?? 0)) <= tolerance;

/** An ESRI "auxiliary sphere" Mercator is a sphere whatever ellipsoid its GEOGCS names. */
function eccentricity(p: Parameters): number {
  return p.projName?.includes('Auxiliary_Sphere') ? 0 : (p.es ?? 0);
}

function sameProjection(a: Parameters, b: Parameters): boolean {
  const standardParallels = (p: Parameters) => [p.lat1, p.lat2].filter((v): v is number => v !== undefined && v !== p.lat0).sort();
  const [pa, pb] = [standardParallels(a), standardParallels(b)];
  return (
    a.forward === b.forward &&
    close(a.lat0, b.lat0, 1e-9) &&
    close(a.long0, b.long0, 1e-9) &&
    pa.length === pb.length &&
    pa.every((value, index) => close(value, pb[index], 1e-9)) &&
    close(a.x0, b.x0, 1e-3) &&
    close(a.y0, b.y0, 1e-3) &&
    close(a.k0 ?? 1, b.k0 ?? 1, 1e-9) &&
    close(a.a, b.a, 1e-3) &&
    close(eccentricity(a), eccentricity(b), 1e-12)
  );
}

const knownParameters = new Map<string, Parameters | undefined>();
function parametersOf(known: KnownCrs): Parameters | undefined {
  if (!knownParameters.has(known.code)) knownParameters.set(known.code, parameters(known.proj4));
  return knownParameters.get(known.code);
}

/** "EPSG:2154" for a WKT the twin can identify, else undefined (GeoServer then has no declared SRS). */
export function identifyCrs(wkt: string): string | undefined {
  const authority = /AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt.trim()) ?? /ID\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$/i.exec(wkt.trim());
  if (authority) return `EPSG:${authority[1]}`;
  const parsed = parameters(wkt);
  if (!parsed) return undefined;
  const matches = KNOWN.filter((known) => {
    const candidate = parametersOf(known);
    return candidate !== undefined && sameProjection(parsed, candidate);
  });
  const datum = (parsed.datumCode ?? '').toLowerCase().replace(/^d_/, '');
  return (matches.find((known) => known.datums.includes(datum)) ?? matches[0])?.code;
}

/** The proj4 definition of a code the twin knows. */
function knownDefinition(srs: string): string | undefined {
  return KNOWN.find((known) => known.code === srs.toUpperCase())?.proj4;
}

/**
 * The native box in WGS 84 longitude/latitude, its edges densified as GeoTools' envelope
 * transformation does: the CRS of a known code (easting/longitude first, as GeoServer's catalog
 * holds it), else the file's own WKT; undefined when the twin knows neither.
 */
export function latLonBox(box: BBox, fileWkt?: string): BBox | undefined {
  const source = knownDefinition(box.crs) ?? fileWkt;
  if (!source) return undefined;
  let transform: (point: [number, number]) => number[];
  try {
    const converter = proj4(source, 'EPSG:4326');
    transform = (point) => converter.forward(point);
  } catch {
    return undefined;
  }
  const steps = 10;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = box.minx + ((box.maxx - box.minx) * i) / steps;
    const y = box.miny + ((box.maxy - box.miny) * i) / steps;
    for (const point of [
      [x, box.miny],
      [x, box.maxy],
      [box.minx, y],
      [box.maxx, y],
    ] as [number, number][]) {
      const [lon, lat] = transform(point);
      if (Number.isFinite(lon) && Number.isFinite(lat)) {
        xs.push(lon);
        ys.push(lat);
      }
    }
  }
  if (xs.length === 0) return undefined;
  return { minx: Math.min(...xs), maxx: Math.max(...xs), miny: Math.min(...ys), maxy: Math.max(...ys), crs: 'EPSG:4326' };
}
