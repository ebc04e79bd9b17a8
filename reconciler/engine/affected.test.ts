import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../desired/model.ts';
import type { Layer } from '../resources/layer/model.ts';
import { resource } from '../../test/reconcile/memory-backend.ts';
import { affectedIds } from './affected.ts';

const layer = { workspace: 'ws', name: 'roads', metadata: 'uuid-roads', location: { file: 'workspaces/ws/layers/roads.yaml' } } as Layer;
const state = { layers: [layer], layerGroups: [] } as unknown as DesiredState;
const desired = [
  resource('style', 'roads', {}, [], { file: 'styles/roads.sld' }),
  resource('featuretype', 'ws:roads', {}, [], { file: 'workspaces/ws/layers/roads.yaml' }),
  resource('layer', 'ws:roads', {}, [], { file: 'workspaces/ws/layers/roads.yaml' }),
  resource('record', 'uuid-roads', {}, [], { file: 'metadata/uuid-roads.xml' }),
  resource('record', 'uuid-other', {}, [], { file: 'metadata/uuid-other.xml' }),
];

describe('affectedIds', () => {
  it('maps a style sidecar to its style', () => {
    expect([...affectedIds([{ path: 'styles/roads.yaml', status: 'modified' }], state, desired, [])!]).toEqual(['style:roads']);
  });

  it('maps a layer file to its featuretype, layer and record', () => {
    expect([...affectedIds([{ path: 'workspaces/ws/layers/roads.yaml', status: 'modified' }], state, desired, [])!].sort()).toEqual([
      'featuretype:ws:roads',
      'layer:ws:roads',
      'record:uuid-roads',
    ]);
  });

  it('finds resources removed from git through the files remembered in state', () => {
    const ids = affectedIds([{ path: 'styles/gone.sld', status: 'deleted' }], state, desired, [['style:gone', { file: 'styles/gone.sld' }]]);
    expect([...ids!]).toEqual(['style:gone']);
  });

  it('treats transforms as touching every record and geoflux.yaml as touching everything', () => {
    expect([...affectedIds([{ path: 'transforms/urls.xsl', status: 'modified' }], state, desired, [])!].sort()).toEqual([
      'record:uuid-other',
      'record:uuid-roads',
    ]);
    expect(affectedIds([{ path: 'geoflux.yaml', status: 'modified' }], state, desired, [])).toBeUndefined();
    expect(affectedIds([{ path: 'README.md', status: 'modified' }], state, desired, [])!.size).toBe(0);
  });
});
