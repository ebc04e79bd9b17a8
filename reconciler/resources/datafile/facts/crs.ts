// The coordinate reference systems geoflux knows — a short, explicit list (metropolitan France,
// the overseas departments, WGS 84 and its UTM zones, Web Mercator) with their proj4 definitions
// (as EPSG and PROJ give them) — recognising them in WKT and reprojecting extents to EPSG:4326.
import proj4 from 'proj4';
import type { Extent } from './types.ts';

interface KnownCrs {
  proj4: string;
  /** The EPSG name, then other names it goes by: former EPSG names, ESRI's (.prj) names. */
  names: string[];
}

const RGF93_CONIC_ZONES = [42, 43, 44, 45, 46, 47, 48, 49, 50];

const CRS_TABLE: Record<string, KnownCrs> = {
  'EPSG:4326': { proj4: '+proj=longlat +datum=WGS84 +no_defs', names: ['WGS 84', 'GCS_WGS_1984'] },
  'EPSG:4258': { proj4: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs', names: ['ETRS89', 'GCS_ETRS_1989'] },
  'EPSG:4171': { proj4: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs', names: ['RGF93 v1', 'RGF93', 'GCS_RGF_1993'] },
  'EPSG:3857': {
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    names: ['WGS 84 / Pseudo-Mercator', 'WGS_1984_Web_Mercator_Auxiliary_Sphere'],
  },
  'EPSG:2154': {
    proj4: '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
    names: ['RGF93 v1 / Lambert-93', 'RGF93 / Lambert-93', 'RGF_1993_Lambert_93'],
  },
  ...Object.fromEntries(
    RGF93_CONIC_ZONES.map((zone) => [
      `EPSG:${3900 + zone}`,
      {
        proj4: `+proj=lcc +lat_0=${zone} +lon_0=3 +lat_1=${zone - 0.75} +lat_2=${zone + 0.75} +x_0=1700000 +y_0=${(zone - 41) * 1000000 + 200000} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
        names: [`RGF93 v1 / CC${zone}`, `RGF93 / CC${zone}`, `RGF_1993_CC${zone}`],
      },
    ]),
  ),
  'EPSG:27572': {
    proj4:
      '+proj=lcc +lat_1=46.8 +lat_0=46.8 +lon_0=0 +k_0=0.99987742 +x_0=600000 +y_0=2200000 +a=6378249.2 +b=6356515 +towgs84=-168,-60,320,0,0,0,0 +pm=paris +units=m +no_defs',
    names: ['NTF (Paris) / Lambert zone II', 'NTF_Paris_Lambert_zone_II'],
  },
  ...Object.fromEntries(
    [20, 21, 22, 30, 31, 32].map((zone) => [
      `EPSG:${32600 + zone}`,
      { proj4: `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`, names: [`WGS 84 / UTM zone ${zone}N`, `WGS_1984_UTM_Zone_${zone}N`] },
    ]),
  ),
  'EPSG:2972': {
    proj4: '+proj=utm +zone=22 +ellps=GRS80 +towgs84=2,2,-2,0,0,0,0 +units=m +no_defs',
    names: ['RGFG95 / UTM zone 22N', 'RGFG_1995_UTM_Zone_22N'],
  },
  'EPSG:2975': {
    proj4: '+proj=utm +zone=40 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
    names: ['RGR92 / UTM zone 40S', 'RGR_1992_UTM_Zone_40S'],
  },
  'EPSG:4471': {
    proj4: '+proj=utm +zone=38 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
    names: ['RGM04 / UTM zone 38S', 'RGM_2004_UTM_Zone_38S'],
  },
  'EPSG:5490': { proj4: '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs', names: ['RGAF09 / UTM zone 20N', 'RGAF09_UTM_Zone_20N'] },
};

export function knownCrs(code: string): boolean {
  return Object.hasOwn(CRS_TABLE, code);
}

/** 'EPSG:2154' for 2154, when geoflux knows it. */
export function knownEpsg(code: number): string | undefined {
  const name = `EPSG:${code}`;
  return knownCrs(name) ? name : undefined;
}

// ---------------------------------------------------------------------------------------------
// WKT

/** One WKT node: KEYWORD["text", 1.5, CHILD[…], …]. */
interface WktNode {
  keyword: string;
  values: (string | number | WktNode)[];
}

const MAX_WKT_LENGTH = 64 * 1024;
const MAX_WKT_DEPTH = 32;

/** Parses WKT 1 (OGC and ESRI) and WKT 2 into nodes; undefined when it is not well formed. */
function parseWkt(text: string): WktNode | undefined {
  if (text.length > MAX_WKT_LENGTH) return undefined;
  let position = 0;
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position]!)) position++;
  };
  const parseNode = (depth: number): WktNode | undefined => {
    if (depth > MAX_WKT_DEPTH) return undefined;
    skipSpace();
    const keyword = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(position, position + 64))?.[0];
    if (!keyword) return undefined;
    position += keyword.length;
    skipSpace();
    const open = text[position];
    if (open !== '[' && open !== '(') return { keyword: keyword.toUpperCase(), values: [] };
    const close = open === '[' ? ']' : ')';
    position++;
    const values: WktNode['values'] = [];
    for (;;) {
      skipSpace();
      const char = text[position];
      if (char === undefined) return undefined;
      if (char === '"') {
        let value = '';
        position++;
        for (;;) {
          const next = text.indexOf('"', position);
          if (next < 0) return undefined;
          value += text.slice(position, next);
          position = next + 1;
          if (text[position] !== '"') break;
          value += '"';
          position++;
        }
        values.push(value);
      } else if (/[-+.0-9]/.test(char)) {
        const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(position, position + 64))?.[0];
        if (!number) return undefined;
        position += number.length;
        values.push(Number(number));
      } else {
        const child = parseNode(depth + 1);
        if (!child) return undefined;
        values.push(child);
      }
      skipSpace();
      if (text[position] === ',') {
        position++;
        continue;
      }
      if (text[position] !== close) return undefined;
      position++;
      return { keyword: keyword.toUpperCase(), values };
    }
  };
  const root = parseNode(0);
  skipSpace();
  return root && position === text.length ? root : undefined;
}

const children = (node: WktNode): WktNode[] => node.values.filter((value): value is WktNode => typeof value === 'object');
const nameOf = (node: WktNode): string | undefined => (typeof node.values[0] === 'string' ? node.values[0] : undefined);
const normalisedName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const CRS_BY_NAME = new Map(Object.entries(CRS_TABLE).flatMap(([code, crs]) => crs.names.map((name) => [normalisedName(name), code] as const)));

/** The CRS's own authority code: AUTHORITY["EPSG","2154"] (WKT 1) or ID["EPSG",2154] (WKT 2) directly under the root. */
function epsgAuthorityOf(root: WktNode): string | undefined {
  for (const child of children(root)) {
    if (child.keyword !== 'AUTHORITY' && child.keyword !== 'ID') continue;
    const [authority, code] = child.values;
    if (typeof authority === 'string' && authority.toUpperCase() === 'EPSG' && /^\d+$/.test(String(code))) return `EPSG:${Number(code)}`;
  }
  return undefined;
}

/** Parameters of a projected CRS as proj4 names them, for those the WKT states in metres or degrees. */
function projectionParameters(root: WktNode): Record<string, number> {
  const names: Record<string, string> = {
    false_easting: 'x_0',
    false_northing: 'y_0',
    central_meridian: 'lon_0',
    longitude_of_center: 'lon_0',
    longitude_of_origin: 'lon_0',
  };
  const parameters: Record<string, number> = {};
  for (const child of children(root)) {
    if (child.keyword !== 'PARAMETER') continue;
    const [name, value] = child.values;
    const key = typeof name === 'string' ? names[name.toLowerCase()] : undefined;
    if (key && typeof value === 'number') parameters[key] = value;
  }
  return parameters;
}

function proj4Parameters(definition: string): Record<string, number> {
  const parameters: Record<string, number> = {};
  for (const [, key, value] of definition.matchAll(/\+(\w+)=([-\d.]+)(?=\s|$)/g)) parameters[key!] = Number(value);
  const zone = parameters.zone;
  if (zone !== undefined) {
    parameters.lon_0 = zone * 6 - 183;
    parameters.x_0 = 500000;
    parameters.y_0 = definition.includes('+south') ? 10000000 : 0;
  }
  return parameters;
}

/**
 * Whether a WKT known only by its name states the parameters of the CRS it names: its false
 * easting/northing and central meridian (the one unit-free check — a Paris-meridian CRS states
 * its meridian in grads, so it is left out there).
 */
function parametersAgree(root: WktNode, code: string): boolean {
  const definition = CRS_TABLE[code]!.proj4;
  if (definition.startsWith('+proj=longlat')) return true;
  const stated = projectionParameters(root);
  const expected = proj4Parameters(definition);
  const keys = definition.includes('+pm=') ? ['x_0', 'y_0'] : ['x_0', 'y_0', 'lon_0'];
  return keys.every((key) => stated[key] === undefined || Math.abs(stated[key]! - (expected[key] ?? 0)) < 1e-6);
}

/** The EPSG code ('EPSG:2154') of an ESRI/OGC WKT (.prj, gpkg_spatial_ref_sys definition), when geoflux knows that CRS. */
export function crsOfWkt(wkt: string): string | undefined {
  const root = parseWkt(wkt.trim());
  if (!root) return undefined;
  const authority = epsgAuthorityOf(root);
  if (authority) return knownCrs(authority) ? authority : undefined;
  const name = nameOf(root);
  const code = name === undefined ? undefined : CRS_BY_NAME.get(normalisedName(name));
  return code && parametersAgree(root, code) ? code : undefined;
}

// ---------------------------------------------------------------------------------------------
// Reprojection

const EDGE_SAMPLES = 16;
const DEGREE_PRECISION = 1e6;

/**
 * The extent in EPSG:4326 (x longitude, y latitude) covering the given one: its corners and
 * points along its edges reprojected (a conic projection bends the edges), rounded outwards to
 * 1e-6 degree (about 0.1 m).
 */
export function toLatLon(extent: Extent): Extent {
  const source = CRS_TABLE[extent.crs];
  if (!source) throw new Error(`toLatLon: ${extent.crs} is not a CRS geoflux knows`);
  if (extent.crs === 'EPSG:4326') return { ...extent };
  const transform = proj4(source.proj4, CRS_TABLE['EPSG:4326']!.proj4);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let step = 0; step <= EDGE_SAMPLES; step++) {
    const x = extent.minx + ((extent.maxx - extent.minx) * step) / EDGE_SAMPLES;
    const y = extent.miny + ((extent.maxy - extent.miny) * step) / EDGE_SAMPLES;
    for (const point of [
      [x, extent.miny],
      [x, extent.maxy],
      [extent.minx, y],
      [extent.maxx, y],
    ]) {
      const [longitude, latitude] = transform.forward(point);
      xs.push(longitude!);
      ys.push(latitude!);
    }
  }
  const down = (value: number) => Math.floor(value * DEGREE_PRECISION) / DEGREE_PRECISION;
  const up = (value: number) => Math.ceil(value * DEGREE_PRECISION) / DEGREE_PRECISION;
  return { minx: down(Math.min(...xs)), miny: down(Math.min(...ys)), maxx: up(Math.max(...xs)), maxy: up(Math.max(...ys)), crs: 'EPSG:4326' };
}
