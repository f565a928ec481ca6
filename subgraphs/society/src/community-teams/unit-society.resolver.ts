import { FieldResolver, Resolver, Root } from 'type-graphql';
import { AdministrativeUnitRef, type SubgraphRuntime } from '@ioc-graph/kit';
import { DigitalSkillsEntity, DigitalSkillsService } from '../digital-skills';
import { TelecomEntity, TelecomService } from '../telecom';
import { CommunityTeamEntity } from './community-team.entity';
import { CommunityTeamService } from './community-team.service';

/**
 * The society pillar's fields on `AdministrativeUnit` (owned by governance). Nullable: a society
 * outage nulls only these fields (with an error at their path), never the whole unit.
 */
@Resolver(() => AdministrativeUnitRef)
export class UnitSocietyResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  @FieldResolver(() => [CommunityTeamEntity], { nullable: true, description: 'Community digital technology teams, by period.' })
  societyTeams(@Root() u: { code: string }): Promise<CommunityTeamEntity[]> {
    return new CommunityTeamService(this.rt).list(u.code);
  }

  @FieldResolver(() => [TelecomEntity], { nullable: true, description: '4G, fibre and broadband speeds, by year.' })
  societyTelecom(@Root() u: { code: string }): Promise<TelecomEntity[]> {
    return new TelecomService(this.rt).list(u.code);
  }

  @FieldResolver(() => [DigitalSkillsEntity], { nullable: true, description: 'Digital skills and citizen app downloads, by year.' })
  societySkills(@Root() u: { code: string }): Promise<DigitalSkillsEntity[]> {
    return new DigitalSkillsService(this.rt).list(u.code);
  }
}
