import {
  Args, ArgsType, type ClassType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root,
} from 'type-graphql';
import { type FindOptionsOrder, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';
import type { SubgraphRuntime } from '../subgraph/subgraph.types';
import { BatchLoader } from './batch-loader';

/** A filter argument of a resource's query: `unitCode: ID` or `year: Int`, both optional. */
export type ResourceFilter = 'unitCode' | 'year';

/** What {@link createResourceResolver} needs to know of one per-unit table. */
export interface ResourceOptions<T extends ObjectLiteral & { unitCode: string | null }> {
  /** The TypeORM entity that is also the GraphQL object type (`@Entity` + `@ObjectType`). */
  entity: ClassType<T>;
  /** Name of the list query, e.g. `dtiScores`. */
  queryName: string;
  description: string;
  /** The query's filter arguments, in this order (each optional; absent or empty: no filter). */
  filters: readonly ResourceFilter[];
  /** Order of the rows, also of each unit's rows. */
  order: FindOptionsOrder<T>;
  /** The columns a row is unique by, for {@link ResourceResolverClass.seed}'s upsert. */
  key: (keyof T & string)[];
  /** This subgraph's `AdministrativeUnit` class (governance's type, or the key stub elsewhere). */
  unitType: ClassType;
  /**
   * A list field of the table's rows on `AdministrativeUnit`, batched per request: the units of
   * one request (a unit and its children, the representations of an `_entities` call) are read in
   * one query. `nullable` @default true: a field one subgraph adds to another's entity is
   * nullable, so that subgraph's outage nulls only its fields (governance, which owns the type, may
   * pass false).
   */
  unitField?: { name: string; description: string; nullable?: boolean };
}

/** The class {@link createResourceResolver} returns: a resolver, and the table's data access. */
export interface ResourceResolverClass<T> {
  new (rt: SubgraphRuntime): object;
  /** The rows of the query, by its filters. */
  list(rt: SubgraphRuntime, filters: { unitCode?: string | null; year?: number | null }): Promise<T[]>;
  /** The rows of one unit, batched with the other units of the request `ctx`. */
  forUnit(rt: SubgraphRuntime, ctx: object, unitCode: string): Promise<T[]>;
  /** Upserts rows by the key (idempotent). */
  seed(rt: SubgraphRuntime, rows: Partial<T>[]): Promise<void>;
}

/**
 * One resolver for a per-unit table of a pillar subgraph (type-graphql's resolvers inheritance,
 * its `ResourceResolver` example): the query `queryName(filters…): [T!]!` and, with `unitField`,
 * `AdministrativeUnit.<unitField.name>: [T!]` batched per request. Pass the returned class to the
 * subgraph's `resolvers`; extend it to add more fields.
 */
export function createResourceResolver<T extends ObjectLiteral & { unitCode: string | null }>(
  options: ResourceOptions<T>,
): ResourceResolverClass<T> {
  const { entity, queryName, description, filters, order, key, unitType, unitField } = options;
  const repo = (rt: SubgraphRuntime) => rt.ds.getRepository(entity);

  @ArgsType()
  class Filters {
    unitCode?: string | null;
    year?: number | null;
  }
  for (const f of filters) Field(() => (f === 'year' ? Int : ID), { nullable: true })(Filters.prototype, f);

  const list = (rt: SubgraphRuntime, by: { unitCode?: string | null; year?: number | null }): Promise<T[]> => {
    const where: Record<string, unknown> = {};
    if (by.unitCode) where.unitCode = by.unitCode;
    if (by.year) where.year = by.year;
    return repo(rt).find({ where: where as FindOptionsWhere<T>, order });
  };

  // One loader per request context, made on first use; nothing is kept once a batch is answered.
  const loaders = new WeakMap<object, BatchLoader<string, T[]>>();
  const forUnit = (rt: SubgraphRuntime, ctx: object, unitCode: string): Promise<T[]> => {
    let loader = loaders.get(ctx);
    if (!loader) {
      loader = new BatchLoader<string, T[]>(async (codes) => {
        const rows = await repo(rt).find({ where: { unitCode: In(codes) } as FindOptionsWhere<T>, order });
        const byUnit = new Map<string, T[]>(codes.map((c) => [c, []]));
        for (const r of rows) byUnit.get(r.unitCode!)?.push(r);
        return codes.map((c) => byUnit.get(c)!);
      }, (c) => c);
      loaders.set(ctx, loader);
    }
    return loader.load(unitCode);
  };

  // The base of the class returned (type-graphql's resolvers inheritance); not itself in any schema.
  @Resolver()
  abstract class ResourceBase {
    constructor(protected readonly rt: SubgraphRuntime) {}

    static list = list;
    static forUnit = forUnit;
    static async seed(rt: SubgraphRuntime, rows: Partial<T>[]): Promise<void> {
      await repo(rt).upsert(rows as never, key);
    }

    // Nullable: a non-null root field of a down subgraph would null a whole mixed answer.
    @Query(() => [entity], { name: queryName, description, nullable: true })
    list(@Args(() => Filters) by: Filters): Promise<T[]> {
      return list(this.rt, by);
    }
  }

  if (!unitField) {
    @Resolver(() => entity)
    class ResourceResolver extends ResourceBase {}
    return ResourceResolver;
  }

  @Resolver(() => unitType)
  class ResourceUnitResolver extends ResourceBase {}
  // type-graphql pairs a field resolver with its field by method name, so the method is named after
  // the field (a fixed name would give every resource's field the first resource's rows).
  const proto = ResourceUnitResolver.prototype as unknown as Record<string, unknown>;
  const method = unitField.name;
  proto[method] = function (this: { rt: SubgraphRuntime }, unit: { code: string }, ctx: object): Promise<T[]> {
    return forUnit(this.rt, ctx, unit.code);
  };
  Root()(proto, method, 0);
  Ctx()(proto, method, 1);
  FieldResolver(() => [entity], { description: unitField.description, nullable: unitField.nullable ?? true })(
    proto, method, Object.getOwnPropertyDescriptor(proto, method)!,
  );
  return ResourceUnitResolver;
}
