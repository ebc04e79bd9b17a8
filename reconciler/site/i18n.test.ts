import { describe, expect, it } from 'vitest';
import { reasonLabel } from './i18n.ts';

describe('reasonLabel', () => {
  it('shows the plan reasons in French, part by part, and leaves unknown text as it is', () => {
    expect(reasonLabel('changed on the server by hand', 'fr')).toBe('modifié à la main sur le serveur');
    expect(reasonLabel('differs from git; password changed', 'fr')).toBe('diffère de git ; mot de passe modifié');
    expect(reasonLabel('something new', 'fr')).toBe('something new');
  });

  it('keeps English as written, and nothing for no reason', () => {
    expect(reasonLabel('changed in git', 'en')).toBe('changed in git');
    expect(reasonLabel(undefined, 'fr')).toBe('');
  });
});
