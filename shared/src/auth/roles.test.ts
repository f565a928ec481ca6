import type { KitCatalog } from '../kit/catalog';
import { agencyAuthorizeReport, requireReporter } from './roles';

const catalog = {
  indicators: new Map([
    ['ECO_EINVOICE_RATE', { agencyCode: 'TCT' }],
    ['GOV_DTI_RANK', { agencyCode: 'BTTTT' }],
  ]),
} as unknown as KitCatalog;
const authorize = agencyAuthorizeReport(() => catalog);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

describe('who may report observations', () => {
  it('should refuse an anonymous caller as UNAUTHENTICATED', () => {
    expect(codeOf(() => requireReporter(null))).toBe('UNAUTHENTICATED');
  });

  it('should refuse a viewer as FORBIDDEN', () => {
    expect(codeOf(() => requireReporter({ subject: 'v', roles: ['viewer'] }))).toBe('FORBIDDEN');
  });

  it("should let a reporter write only their own agency's indicators, naming the agency otherwise", () => {
    const who = authorize({ principal: { subject: 'r', roles: ['reporter'], agencyCode: 'TCT' } });
    expect(who.reportedBy).toBe('r (TCT)');
    expect(who.authorize!('ECO_EINVOICE_RATE')).toBeNull();
    expect(who.authorize!('GOV_DTI_RANK')).toMatch(/agency TCT may not write GOV_DTI_RANK \(responsible agency: BTTTT\)/);
  });

  it('should let an admin write any indicator', () => {
    expect(authorize({ principal: { subject: 'a', roles: ['admin'] } }).authorize).toBeUndefined();
  });
});
