import { describe, expect, it } from 'vitest';
import { ACTIONS, OBJECT_KINDS, PERMISSIONS, rolesAllow } from '@/lib/auth/permissions';
import { ROLES } from '@/lib/db/schema/enums';

describe('the role permission table', () => {
  it('lets every role view everything it is a member of', () => {
    for (const role of ROLES) for (const kind of OBJECT_KINDS) expect(rolesAllow([role], kind, 'view')).toBe(true);
  });

  it('grows with the role: Reader ⊂ Writer ⊂ Maintainer ⊂ Owner', () => {
    const chain = ['Reader', 'Writer', 'Maintainer', 'Owner'] as const;
    for (let i = 1; i < chain.length; i++) {
      for (const kind of OBJECT_KINDS) {
        for (const action of PERMISSIONS[chain[i - 1]!][kind]) expect(rolesAllow([chain[i]!], kind, action)).toBe(true);
      }
    }
  });

  it('only Owners delete products and product types', () => {
    for (const role of ROLES) {
      expect(rolesAllow([role], 'product', 'delete')).toBe(role === 'Owner');
      expect(rolesAllow([role], 'product_type', 'delete')).toBe(role === 'Owner');
    }
  });

  it('Readers comment on findings but change nothing', () => {
    for (const kind of OBJECT_KINDS)
      for (const action of ACTIONS) {
        expect(rolesAllow(['Reader'], kind, action)).toBe(action === 'view' || (kind === 'finding' && action === 'comment'));
      }
  });

  it('API Importers import scans but do not edit findings', () => {
    expect(rolesAllow(['API Importer'], 'test', 'import')).toBe(true);
    expect(rolesAllow(['API Importer'], 'finding', 'edit')).toBe(false);
  });

  it('several roles grant the union of their permissions', () => {
    expect(rolesAllow(['Reader', 'API Importer'], 'test', 'import')).toBe(true);
    expect(rolesAllow([], 'finding', 'view')).toBe(false);
  });
});
