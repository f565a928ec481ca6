import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UnitLevelName } from './unit.seed.types';

/**
 * An administrative unit (province, district, commune) over time. Every subgraph keeps this
 * reference table, loaded from the same official list, so it can check unit codes and roll values
 * up the hierarchy; governance serves it in the graph.
 */
@Entity('administrative_unit')
export class AdministrativeUnitEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text', { name: 'statistical_code' }) statisticalCode!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'short_name' }) shortName!: string;
  @Column('text') level!: UnitLevelName;
  @Index()
  @Column('text', { name: 'parent_code', nullable: true })
  parentCode!: string | null;
  @Column('date', { name: 'valid_from' }) validFrom!: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo!: string | null;
  @Column('text', { name: 'successor_code', nullable: true }) successorCode!: string | null;
}
