import { z } from 'zod';
import { describeZodIssues } from './env';
import { ConfigError } from './env';

/**
 * The operator's wall layout (`wall/layout.json`, served at `/wall/layout.json`): which pages,
 * columns and tiles the IOC wall shows. The gateway validates it before serving it, so a typo
 * reaches the wall's banner as `wall/layout.json: pages[1].columns[0].pillar: …`.
 */
const FREQUENCY = z.enum(['YEARLY', 'QUARTERLY', 'MONTHLY', 'DAILY', 'LIVE']);
const PILLAR = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be a field prefix such as governance, economy, health');

export const wallTileSchema = z.strictObject({
  indicator: z.string().min(1),
  label: z.string().optional(),
  digits: z.number().int().min(0).max(6).optional(),
});

export const wallColumnSchema = z.strictObject({
  pillar: PILLAR,
  title: z.string(),
  tilesPerRow: z.number().int().min(1).max(12).optional(),
  tiles: z.array(wallTileSchema),
  auto: z.boolean().optional(),
});

export const wallPageSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes (it is used in ?page=)'),
  title: z.string(),
  columns: z.array(wallColumnSchema).min(1),
});

export const wallLayoutSchema = z.strictObject({
  _comment: z.string().optional(),
  title: z.string().optional(),
  defaultUnit: z.string().optional(),
  rotateSeconds: z.number().min(0).optional(),
  kiosk: z.boolean().optional(),
  timeZone: z.string().optional(),
  targetYear: z.number().int().min(1900).max(2200).optional(),
  staleGraceDays: z.partialRecord(FREQUENCY, z.number().min(0)).optional(),
  liveStaleMinutes: z.number().min(0).optional(),
  partnerPages: z.boolean().optional(),
  pages: z.array(wallPageSchema).min(1, 'must list at least one page'),
});

export type WallLayoutConfig = z.infer<typeof wallLayoutSchema>;

/**
 * Parses and validates a layout file's text.
 * @throws ConfigError naming the file and each key at fault.
 */
export function parseWallLayout(text: string, file = 'wall/layout.json'): WallLayoutConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const r = wallLayoutSchema.safeParse(json);
  if (!r.success) throw new ConfigError(describeZodIssues(r.error, file));
  return r.data;
}
