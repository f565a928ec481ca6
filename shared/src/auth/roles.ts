import { GraphQLError } from 'graphql';
import type { KitCatalog } from '../kit/catalog';
import type { KitContext, Principal } from '../kit/kit.context';

/** Roles a token may carry: viewers read, reporters write their agency's indicators, admins write all. */
export const ROLES = ['viewer', 'reporter', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** UNAUTHENTICATED; `httpStatus` 401 only where the whole request is refused (a bad token at the gateway). */
export const unauthenticated = (message: string, httpStatus?: number) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...(httpStatus ? { http: { status: httpStatus } } : {}) } });
export const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/**
 * Who may write observations: a reporter or an admin (else UNAUTHENTICATED / FORBIDDEN for the whole
 * request). Returns the per-row check: a reporter writes only the indicators of their own agency.
 */
export function requireReporter(principal: Principal | null | undefined): Principal {
  if (!principal) throw unauthenticated('Reporting observations needs a token: send "Authorization: Bearer <token>" (npm run token -- --role reporter --agency <code>)');
  if (!principal.roles.includes('admin') && !principal.roles.includes('reporter')) {
    throw forbidden(`Reporting observations needs the reporter or admin role; ${principal.subject} has ${principal.roles.join(', ') || 'none'}`);
  }
  if (!principal.roles.includes('admin') && !principal.agencyCode) {
    throw forbidden(`Reporter ${principal.subject} has no agency claim, so may write no indicator`);
  }
  return principal;
}

/** The kit's `authorizeReport` for a subgraph: reporters of an agency write that agency's indicators. */
export function agencyAuthorizeReport(catalog: () => KitCatalog) {
  return (ctx: KitContext) => {
    const principal = requireReporter(ctx.principal);
    const admin = principal.roles.includes('admin');
    return {
      reportedBy: principal.agencyCode ? `${principal.subject} (${principal.agencyCode})` : principal.subject,
      authorize: admin
        ? undefined
        : (indicatorCode: string) => {
            const owner = catalog().indicators.get(indicatorCode)?.agencyCode;
            return owner === principal.agencyCode
              ? null
              : `reporter of agency ${principal.agencyCode} may not write ${indicatorCode} (responsible agency: ${owner})`;
          },
    };
  };
}
