// A style as git holds it: styles/<name>.sld and its optional styles/<name>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';
import type { IconReference } from './icons.ts';

export type StyleFormat = 'sld10' | 'se11';

export interface Style extends DesiredItem {
  /** Style name (file name without .sld). */
  name: string;
  /** Set for a workspace style; absent = global style. */
  workspace?: string;
  title?: string;
  format: StyleFormat;
  /** The body exactly as git holds it (byte for byte: ISO-8859-1 bodies exist). */
  body: Uint8Array;
  /** Encoding declared in the XML prolog (default UTF-8). */
  encoding: string;
  legend?: { url: string; width?: number; height?: number; format?: string };
  /** Relative hrefs of its external graphics: icons in git next to it (styles/<file>), sent with it as a style package. */
  iconRefs?: IconReference[];
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    styles: Style[];
  }
}
