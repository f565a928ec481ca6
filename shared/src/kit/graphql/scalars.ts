import { DateTimeResolver } from 'graphql-scalars';

/** `DateTime` (RFC 3339), the scalar name the contract fixes. */
export const DateTimeScalar = DateTimeResolver;
