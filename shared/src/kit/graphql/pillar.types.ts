import { Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';

/**
 * Who a pillar is, for screens: the wall titles a pillar's page with `name` (Vietnamese) and
 * `nameEn`. Shareable: every subgraph defines the same type, each under its own `pPillar` field.
 */
@ObjectType('PillarInfo', { description: 'A pillar of the graph: its field prefix and its names.' })
@Directive('@shareable')
export class PillarInfo {
  @Field(() => ID, { description: 'Field prefix, e.g. `health`.' }) key!: string;
  @Field(() => String, { description: 'Vietnamese name, e.g. "Y tế số".' }) name!: string;
  @Field(() => String, { nullable: true, description: 'English name, e.g. "Digital health".' }) nameEn?: string | null;
  @Field(() => String, { description: 'Type prefix of the pillar\'s types, e.g. `Health`.' }) typePrefix!: string;
}

/**
 * The resolver of `<pillar>Pillar: PillarInfo` for one subgraph. Nullable (not in the contract): a
 * non-null root field of a down subgraph would null a whole answer mixing it with core fields.
 */
export function buildPillarResolver(info: PillarInfo): Function {
  @Resolver()
  class PillarResolver {
    @Query(() => PillarInfo, { name: `${info.key}Pillar`, nullable: true, description: `The ${info.key} pillar's names, for titles.` })
    pillar(): PillarInfo {
      return info;
    }
  }
  return PillarResolver;
}
