import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('indicator_target')
export class TargetEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'indicator_code' }) indicatorCode!: string;
  @Column('int') year!: number;
  /** null: the national target. */
  @Column('text', { name: 'unit_code', nullable: true }) unitCode!: string | null;
  @Column('double precision') value!: number;
  @Column('text', { name: 'legal_basis' }) legalBasis!: string;
  @Column('text') source!: string;
}
