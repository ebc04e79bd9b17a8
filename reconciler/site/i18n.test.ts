import { describe, expect, it } from 'vitest';
import { cliText, formatBytes, reasonLabel } from './i18n.ts';

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

describe('cliText', () => {
  it('puts the CLI’s refusals, gates and flow alerts in French, keeping their variable parts', () => {
    expect(cliText('refusing to delete 12 resources: above prune.maxDeletions (10)', 'fr')).toBe(
      'suppression de 12 ressources refusée : au-delà de prune.maxDeletions (10)',
    );
    expect(cliText('prod is gated after preprod, which has not applied 1a2b3c4d yet: nothing applied on prod', 'fr')).toBe(
      'prod passe après preprod, qui n’a pas encore appliqué 1a2b3c4d : rien n’est appliqué sur prod',
    );
    expect(cliText('stale: no successful run yet (staleAfter 2d)', 'fr')).toBe('données périmées : aucune exécution réussie encore (staleAfter 2d)');
    expect(cliText('failing: HTTP 502 from GeoNature', 'fr')).toBe('en échec : HTTP 502 from GeoNature');
  });

  it('leaves English and unknown sentences as written', () => {
    expect(cliText('refusing to delete 12 resources: above prune.maxDeletions (10)', 'en')).toBe(
      'refusing to delete 12 resources: above prune.maxDeletions (10)',
    );
    expect(cliText('lost connection to the database', 'fr')).toBe('lost connection to the database');
  });
});

describe('formatBytes', () => {
  it('writes sizes in binary units, one decimal below ten, in each language', () => {
    expect(formatBytes(933, 'fr')).toBe('933 octets');
    expect(formatBytes(933, 'en')).toBe('933 bytes');
    expect(formatBytes(1_536, 'fr')).toBe('1,5 Kio');
    expect(formatBytes(1_536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(40_960, 'en')).toBe('40 KiB');
    expect(formatBytes(52_428_800, 'fr')).toBe('50 Mio');
    expect(formatBytes(3.25 * 1024 ** 3, 'en')).toBe('3.3 GiB');
  });
});
