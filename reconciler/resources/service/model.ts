// OWS service settings as git declares them: services/<service>.yaml (the platform's global WMS, WFS,
// WCS or WMTS) and workspaces/<ws>/services/<service>.yaml (a workspace's own settings, which
// GeoServer's virtual services for that workspace use instead of the global ones).
import type { DesiredItem } from '../../desired/kind.ts';

export const SERVICES = ['wms', 'wfs', 'wcs', 'wmts'] as const;
export type Service = (typeof SERVICES)[number];

/** The settings geoflux manages, by their name in the files; a file declares the ones it manages. */
export interface ServiceSettings {
  enabled: boolean;
  title?: string;
  abstract?: string;
  maintainer?: string;
  accessConstraints?: string;
  fees?: string;
  onlineResource?: string;
  keywords?: string[];
  /** WMS: the SRS list of the capabilities (empty: every SRS). */
  srs?: string[];
  interpolation?: 'Nearest' | 'Bilinear' | 'Bicubic';
  maxBuffer?: number;
  maxRequestMemory?: number;
  maxRenderingTime?: number;
  maxRenderingErrors?: number;
  /** WFS */
  maxFeatures?: number;
  serviceLevel?: 'BASIC' | 'TRANSACTIONAL' | 'COMPLETE';
  /** WCS, in kilobytes */
  maxInputMemory?: number;
  maxOutputMemory?: number;
}

export type SettingName = keyof ServiceSettings;

/** Which service each setting belongs to (absent: all four). */
export const ONLY_FOR: Partial<Record<SettingName, Service>> = {
  srs: 'wms',
  interpolation: 'wms',
  maxBuffer: 'wms',
  maxRequestMemory: 'wms',
  maxRenderingTime: 'wms',
  maxRenderingErrors: 'wms',
  maxFeatures: 'wfs',
  serviceLevel: 'wfs',
  maxInputMemory: 'wcs',
  maxOutputMemory: 'wcs',
};

export const SETTING_NAMES: readonly SettingName[] = [
  'enabled',
  'title',
  'abstract',
  'maintainer',
  'accessConstraints',
  'fees',
  'onlineResource',
  'keywords',
  'srs',
  'interpolation',
  'maxBuffer',
  'maxRequestMemory',
  'maxRenderingTime',
  'maxRenderingErrors',
  'maxFeatures',
  'serviceLevel',
  'maxInputMemory',
  'maxOutputMemory',
];

export interface ServiceFile extends DesiredItem {
  service: Service;
  /** Absent: the global service. */
  workspace?: string;
  settings: ServiceSettings;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    services: ServiceFile[];
  }
}
