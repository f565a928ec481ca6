import type { DataSource } from 'typeorm';
import type { Logger } from '../log';
import { AdministrativeUnitEntity } from '../units/unit.entity';
import { KitCatalog } from './catalog';
import { CompletenessService } from './completeness.service';
import { IndicatorEntity, ObservationEntity, OutboxEntity, TargetEntity } from './entities';
import { FeedHub } from './feed/feed-hub';
import { IngestionService } from './ingestion.service';
import { IndicatorKitAppendOnly1764490000000 } from './kit.append-only.migration';
import { IndicatorKitBounds1764480000000 } from './kit.bounds.migration';
import { IndicatorKitReadIndexes1763810000000 } from './kit.indexes.migration';
import { IndicatorKit1763780000000 } from './kit.migration';
import { ReadingsService } from './readings.service';

/** Entities every subgraph that mounts the kit registers with its DataSource. */
export const KIT_ENTITIES = [AdministrativeUnitEntity, IndicatorEntity, TargetEntity, ObservationEntity, OutboxEntity];
/** Migrations every subgraph that mounts the kit runs first. */
export const KIT_MIGRATIONS = [IndicatorKit1763780000000, IndicatorKitReadIndexes1763810000000, IndicatorKitBounds1764480000000, IndicatorKitAppendOnly1764490000000];

export interface KitServices {
  catalog: KitCatalog;
  readings: ReadingsService;
  completeness: CompletenessService;
  ingestion: IngestionService;
  feed: FeedHub;
  dispose(): Promise<void>;
}

/** Starts the kit's services on an open DataSource of the subgraph's schema. */
export async function startKitServices(options: {
  ds: DataSource;
  url: string;
  schema: string;
  logger: Logger;
}): Promise<KitServices> {
  const catalog = new KitCatalog(options.ds);
  await catalog.reload();
  const feed = new FeedHub({ url: options.url, schema: options.schema, ds: options.ds, catalog, logger: options.logger });
  await feed.start();
  return {
    catalog,
    readings: new ReadingsService(options.ds, catalog, options.logger),
    completeness: new CompletenessService(options.ds, catalog),
    ingestion: new IngestionService(options.ds, catalog, feed, options.logger),
    feed,
    dispose: () => feed.dispose(),
  };
}
