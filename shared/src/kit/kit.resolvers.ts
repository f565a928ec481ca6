import { GraphQLError } from 'graphql';
import {
  Arg, type ClassType, Ctx, Directive, Field, FieldResolver, Float, ID, Info, Int, Mutation, ObjectType, Query,
  Resolver, Root, Subscription, UseMiddleware,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { TARGET_DESCRIPTION } from './graphql/interfaces';
import { valueRulesOf } from './value-rules';
import type { KitServices } from './kit';
import type { KitContext } from './kit.context';
import { Aggregation, ObservationStatus, TargetStatus } from './graphql/enums';
import { Indicator, Reading } from './graphql/interfaces';
import { ObservationInput, ReportSummary } from './graphql/report.types';
import { ReportingCompleteness } from './graphql/completeness.types';
import type { AlertRow } from './feed/alert';
import type { ReadingRow } from './reading';
import type { IndicatorEntity } from './entities';
import { BatchLoader, loaderPerContext } from './batch-loader';
import { readingLoaders } from './readings.loaders';
import { periodArgument } from './period';
import { ErrorCode } from '../errors/error-codes';
import { databaseErrors } from '../errors/database-errors';
import { agencyAuthorizeReport } from '../auth/roles';
import { RawArg, passRawArg } from './raw-arg';
import { selectsField } from './selection';

export interface KitSchemaOptions {
  /** Field prefix, e.g. `governance`, `health`. */
  pillar: string;
  /** Type prefix, e.g. `Governance`. */
  typePrefix: string;
  /** This subgraph's `AdministrativeUnit` class: the full type in governance, the key stub elsewhere. */
  unitType: ClassType;
  /** The services, available once the database is open. */
  services: () => KitServices;
  /** Turns a unit code into what `unitType` resolves from. @default `{ code }` */
  resolveUnit?: (code: string) => unknown;
  /**
   * Checks the caller may report; throws a GraphQLError otherwise.
   * @default agencyAuthorizeReport: reporters write their agency's indicators, admins all; anonymous callers are refused
   */
  authorizeReport?: (ctx: KitContext) => { reportedBy: string; authorize?: (indicatorCode: string) => string | null };
}

/**
 * Builds the contract's types and resolvers for one pillar: `PIndicator`, `PReading`, `PAlert`,
 * `pIndicators`, `pIndicator`, `reportPObservations`, `pReadings`, `pAlerts` and
 * `AdministrativeUnit.pReadings`. Written once; every subgraph (and partner) calls it.
 */
export function buildKitSchemaParts(options: KitSchemaOptions) {
  const { pillar: p, typePrefix: P, unitType, services } = options;
  const resolveUnit = options.resolveUnit ?? ((code: string) => ({ code }));
  const authorizeReport = options.authorizeReport ?? agencyAuthorizeReport(() => services().catalog);
  // Driver errors never reach an answer: an outage is SERVICE_UNAVAILABLE, anything else is logged.
  const dbErrors = databaseErrors();

  @ObjectType(`${P}Indicator`, { implements: Indicator, description: `An indicator of the ${p} pillar.` })
  @Directive('@key(fields: "code")')
  class PIndicator extends Indicator {
    @Field(() => Aggregation) aggregation!: Aggregation;
    @Field(() => ID, { nullable: true }) numeratorCode?: string | null;
    @Field(() => ID, { nullable: true }) denominatorCode?: string | null;
    @Field(() => ID, { description: 'Responsible agency.' }) agencyCode!: string;
    @Field(() => String, { nullable: true, description: 'E.g. 749/QĐ-TTg.' }) legalBasis?: string | null;
    @Field(() => String, { nullable: true }) description?: string | null;
  }

  @ObjectType(`${P}Reading`, { implements: Reading })
  class PReading extends Reading {
    @Field(() => ObservationStatus, { description: 'SDMX OBS_STATUS of the observation.' }) observationStatus!: ObservationStatus;
    @Field(() => String, { nullable: true }) source?: string | null;
    @Field(() => Int, { description: 'Revision; a correction adds one (0 for a rolled-up value).' }) revision!: number;
    @Field(() => [ID], { nullable: true, description: 'Sub-units the value was rolled up from, by the indicator\'s aggregation; null for an own observation.' })
    rolledUpFrom?: string[] | null;
    @Field(() => PIndicator) indicator!: PIndicator;
    @Field(() => unitType) unit!: unknown;
  }

  @ObjectType(`${P}Alert`, { description: `A change of status against target in the ${p} pillar.` })
  class PAlert {
    @Field(() => ID) cursor!: string;
    @Field(() => ID) indicatorCode!: string;
    @Field(() => ID) unitCode!: string;
    @Field() period!: string;
    @Field(() => Float) value!: number;
    @Field(() => Float, { nullable: true }) target?: number | null;
    @Field(() => TargetStatus) previousStatus!: TargetStatus;
    @Field(() => TargetStatus) status!: TargetStatus;
    @Field() raisedAt!: Date;
    @Field(() => PIndicator) indicator!: PIndicator;
    @Field(() => unitType) unit!: unknown;
  }

  const indicatorOf = (code: string): IndicatorEntity => {
    const ind = services().catalog.indicators.get(code);
    if (!ind) throw new GraphQLError(`Unknown indicator "${code}"`, { extensions: { code: ErrorCode.NOT_FOUND } });
    return ind;
  };
  const loaders = readingLoaders(services);
  @Resolver(() => PIndicator)
  @UseMiddleware(dbErrors)
  class PIndicatorResolver {
    @Query(() => [PIndicator], { name: `${p}Indicators`, description: `Indicators of the ${p} pillar (all, or those of \`codes\`).` })
    indicators(@Arg('codes', () => [ID], { nullable: true }) codes?: string[] | null): IndicatorEntity[] {
      const all = [...services().catalog.indicators.values()];
      return codes?.length ? all.filter((i) => codes.includes(i.code)) : all;
    }

    @Query(() => PIndicator, { name: `${p}Indicator`, nullable: true })
    indicator(@Arg('code', () => ID) code: string): IndicatorEntity | null {
      return services().catalog.indicators.get(code) ?? null;
    }

    // Root fields outside the contract's (fixed) `pIndicators` are nullable: a non-null root field of a
    // down subgraph nulls the whole answer, core fields included (GraphQL's null propagation).
    @Query(() => [PReading], {
      name: `${p}Observations`,
      nullable: true,
      description: `Current ${p} observations by indicator, unit and period range, ordered by indicator, unit and period; page with limit/offset (export).`,
    })
    observations(
      @Arg('indicatorCodes', () => [ID], { nullable: true }) indicatorCodes?: string[] | null,
      @Arg('unitCodes', () => [ID], { nullable: true }) unitCodes?: string[] | null,
      @Arg('from', () => String, { nullable: true }) from?: string | null,
      @Arg('to', () => String, { nullable: true }) to?: string | null,
      @Arg('limit', () => Int, { defaultValue: 1000, description: 'At most 10000.' }) limit = 1000,
      @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
    ): Promise<ReadingRow[]> {
      if (limit < 0 || limit > 10_000 || offset < 0) {
        throw new GraphQLError('limit must be 0–10000 and offset ≥ 0', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
      }
      return services().readings.observations({ indicatorCodes, unitCodes, from, to, limit, offset });
    }

    @Query(() => [ReportingCompleteness], {
      name: `${p}ReportingCompleteness`,
      nullable: true,
      description: `Reporting completeness and timeliness per responsible agency of the ${p} pillar for a period (DHIS2 style).`,
    })
    reportingCompleteness(
      @Arg('period', () => String) period: string,
      @Arg('agencyCode', () => ID, { nullable: true }) agencyCode?: string | null,
    ): Promise<ReportingCompleteness[]> {
      return services().completeness.forPeriod(period, agencyCode);
    }

    @FieldResolver(() => Int, { description: 'Decimals readings and roll-ups are rounded to (the definition\'s, else its unit\'s default).' })
    decimals(@Root() ind: IndicatorEntity): number {
      return valueRulesOf(ind).decimals;
    }

    @FieldResolver(() => Float, { description: 'Smallest value a report may carry (the definition\'s, else its unit\'s default).' })
    minValue(@Root() ind: IndicatorEntity): number {
      return valueRulesOf(ind).min;
    }

    @FieldResolver(() => Float, { description: 'Largest value a report may carry (the definition\'s, else its unit\'s default; never beyond 1e15).' })
    maxValue(@Root() ind: IndicatorEntity): number {
      return valueRulesOf(ind).max;
    }

    @FieldResolver(() => Float, { nullable: true, description: TARGET_DESCRIPTION })
    target(
      @Root() ind: IndicatorEntity,
      @Arg('year', () => Int) year: number,
      @Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null,
    ): number | null {
      // A typo must not show a target for nothing: the fallbacks are for real units and years only.
      if (year < 1900 || year > 2100) {
        throw new GraphQLError(`year must be a calendar year (1900–2100), got ${year}`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'year' } });
      }
      const catalog = services().catalog;
      if (unitCode != null && !catalog.units.has(unitCode)) {
        throw new GraphQLError(`No administrative unit has the code "${unitCode}"`, { extensions: { code: 'BAD_USER_INPUT', argumentName: 'unitCode' } });
      }
      return catalog.targetFor(ind.code, year, unitCode)?.value ?? null;
    }

    @FieldResolver(() => PReading, {
      nullable: true,
      description: "The most recent reading for a unit; without its own, its sub-units' latest period rolled up by the indicator's aggregation.",
    })
    latest(@Root() ind: IndicatorEntity, @Arg('unitCode', () => ID) unitCode: string, @Ctx() ctx: KitContext): Promise<ReadingRow | null> {
      return loaders.latest(ctx).load({ indicatorCode: ind.code, unitCode });
    }

    @FieldResolver(() => [PReading], { description: 'Readings for a unit, oldest first, between two periods (inclusive).' })
    series(
      @Root() ind: IndicatorEntity,
      @Arg('unitCode', () => ID) unitCode: string,
      @Arg('from', () => String, { nullable: true }) from?: string | null,
      @Arg('to', () => String, { nullable: true }) to?: string | null,
      @Arg('includePredecessors', () => Boolean, { nullable: true, defaultValue: false, description: 'Also the readings of the units merged into this one (each keeps its unitCode).' })
      includePredecessors?: boolean,
      @Ctx() ctx?: KitContext,
    ): Promise<ReadingRow[]> {
      // Bad periods fail this field alone, before it joins the request's batch.
      periodArgument('from', from);
      periodArgument('to', to);
      return loaders.series(ctx).load({ indicatorCode: ind.code, unitCode, from, to, includePredecessors: includePredecessors ?? false });
    }

    @Mutation(() => ReportSummary, {
      name: `report${P}Observations`,
      description: 'Stores observations row by row: each row is imported, updated, left unchanged, or rejected with its reason.',
    })
    // The rows as graphql-js coerced them (see raw-arg.ts: type-graphql's copy of each row into an
    // ObservationInput instance cost a 1,000-row report ~8 % of its CPU, and nothing needs instances).
    @UseMiddleware(passRawArg('input'))
    report(
      @Arg('input', () => [ObservationInput]) _copied: null,
      @Ctx() ctx: KitContext,
      @Info() info: GraphQLResolveInfo,
      @RawArg('input') input: ObservationInput[],
    ): Promise<ReportSummary> {
      // `rows` (each row's outcome and cursor) is built, and unchanged rows' cursors looked up, only when asked for.
      return services().ingestion.report(input, { ...authorizeReport(ctx), rows: selectsField(info, 'rows') });
    }

    @Subscription(() => PReading, {
      name: `${p}Readings`,
      description: 'New readings, in order. With `after`, first every reading since that cursor.',
      subscribe: ({ args }) =>
        services().feed.readings({ unitCodes: args.unitCodes, indicatorCodes: args.indicatorCodes, after: args.after }),
    })
    readings(
      @Root() row: ReadingRow,
      @Arg('unitCodes', () => [ID], { nullable: true }) _unitCodes?: string[],
      @Arg('indicatorCodes', () => [ID], { nullable: true }) _indicatorCodes?: string[],
      @Arg('after', () => ID, { nullable: true }) _after?: string,
    ): ReadingRow {
      return row;
    }

    @Subscription(() => PAlert, {
      name: `${p}Alerts`,
      description: 'Changes of status against target, in order; `after` resumes like readings.',
      subscribe: ({ args }) =>
        services().feed.alerts({ unitCodes: args.unitCodes, indicatorCodes: args.indicatorCodes, after: args.after }),
    })
    alerts(
      @Root() row: AlertRow,
      @Arg('unitCodes', () => [ID], { nullable: true }) _unitCodes?: string[],
      @Arg('indicatorCodes', () => [ID], { nullable: true }) _indicatorCodes?: string[],
      @Arg('after', () => ID, { nullable: true }) _after?: string,
    ): AlertRow {
      return row;
    }
  }

  @Resolver(() => PReading)
  @UseMiddleware(dbErrors)
  class PReadingResolver {
    @FieldResolver(() => PIndicator)
    indicator(@Root() r: ReadingRow): IndicatorEntity {
      return indicatorOf(r.indicatorCode);
    }
    @FieldResolver(() => unitType)
    unit(@Root() r: ReadingRow): unknown {
      return resolveUnit(r.unitCode);
    }
    @FieldResolver(() => [PReading], { description: 'Every revision of this observation, oldest first; corrections keep the history.' })
    history(@Root() r: ReadingRow): Promise<ReadingRow[]> {
      return services().readings.revisions(r.indicatorCode, r.unitCode, r.period);
    }
  }

  @Resolver(() => PAlert)
  class PAlertResolver {
    @FieldResolver(() => PIndicator)
    indicator(@Root() a: AlertRow): IndicatorEntity {
      return indicatorOf(a.indicatorCode);
    }
    @FieldResolver(() => unitType)
    unit(@Root() a: AlertRow): unknown {
      return resolveUnit(a.unitCode);
    }
  }

  // The units of one request (a unit and its children, the representations of an `_entities` call)
  // are read together: one query for their own latest readings, one for every roll-up, not per unit.
  const unitReadings = loaderPerContext(() => new BatchLoader<{ unitCode: string; codes: string[] | null }, ReadingRow[]>(async (keys) => {
    const byCodes = new Map<string, { codes: string[] | null; units: string[] }>();
    for (const k of keys) {
      const id = JSON.stringify(k.codes);
      const group = byCodes.get(id) ?? { codes: k.codes, units: [] };
      group.units.push(k.unitCode);
      byCodes.set(id, group);
    }
    const answers = new Map<string, Map<string, ReadingRow[]>>();
    await Promise.all([...byCodes].map(async ([id, g]) => answers.set(id, await services().readings.latestForUnits(g.units, g.codes))));
    return keys.map((k) => answers.get(JSON.stringify(k.codes))!.get(k.unitCode) ?? []);
  }));

  @Resolver(() => unitType)
  @UseMiddleware(dbErrors)
  class UnitReadingsResolver {
    // Nullable ([PReading!]): a field this subgraph adds to another's entity; when the pillar is down
    // only this field is null (with an error at its path), not the whole unit.
    @FieldResolver(() => [PReading], {
      name: `${p}Readings`,
      nullable: true,
      description: `Latest ${p} reading of each indicator (or of \`codes\`); null (with an error) when the ${p} pillar cannot answer.`,
    })
    readings(
      @Root() unit: { code: string },
      @Ctx() ctx: KitContext,
      @Arg('codes', () => [ID], { nullable: true }) codes?: string[] | null,
    ): Promise<ReadingRow[]> {
      return unitReadings(ctx).load({ unitCode: unit.code, codes: codes?.length ? codes : null });
    }
  }

  return {
    resolvers: [PIndicatorResolver, PReadingResolver, PAlertResolver, UnitReadingsResolver] as const,
    types: { PIndicator, PReading, PAlert },
    referenceResolvers: {
      [`${P}Indicator`]: {
        __resolveReference: (ref: { code: string }) => services().catalog.indicators.get(ref.code) ?? null,
      },
    },
  };
}
