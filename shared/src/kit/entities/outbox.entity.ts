import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The feed. Written in the same transaction as the observation it announces; `seq` is given later,
 * in commit order, by the sequencer (see feed/sequencer.ts), and is the cursor clients resume from.
 */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('bigint', { nullable: true }) seq!: string | null;
  @Column('text') kind!: 'reading' | 'alert';
  @Column('bigint', { name: 'observation_id' }) observationId!: string;
  @Column('jsonb', { nullable: true }) payload!: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
