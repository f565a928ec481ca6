import { FieldResolver, Resolver, Root } from 'type-graphql';
import { AdministrativeUnitRef, type SubgraphRuntime } from '@ioc-graph/kit';
import { DigitalSkillsEntity, DigitalSkillsService } from '../digital-skills';
import { TelecomEntity, TelecomService } from '../telecom';
import { CommunityTeamEntity } from './community-team.entity';
import { CommunityTeamService } from './community-team.service';

/** The society pillar's fields on `AdministrativeUnit` (owned by governance). */
@Resolver(() => AdministrativeUnitRef)
export class UnitSocietyResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  @FieldResolver(() => [CommunityTeamEntity], { description: 'Community digital technology teams, by period.' })
  societyTeams(@Root() u: { code: string }): Promise<CommunityTeamEntity[]> {
    return new CommunityTeamService(this.rt).list(u.code);
  }

  @FieldResolver(() => [TelecomEntity], { description: '4G, fibre and broadband speeds, by year.' })
  societyTelecom(@Root() u: { code: string }): Promise<TelecomEntity[]> {
    return new TelecomService(this.rt).list(u.code);
  }

  @FieldResolver(() => [DigitalSkillsEntity], { description: 'Digital skills and citizen app downloads, by year.' })
  societySkills(@Root() u: { code: string }): Promise<DigitalSkillsEntity[]> {
    return new DigitalSkillsService(this.rt).list(u.code);
  }
}
