// An icon file a style draws with, as git holds it: styles/<file>.svg|png|jpg next to the styles.
import type { DesiredItem } from '../../desired/kind.ts';

export interface StyleIconFile extends DesiredItem {
  /** The file name, as styles name it in their xlink:href. */
  name: string;
  bytes: Uint8Array;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    styleIcons: StyleIconFile[];
  }
}
